/* Misbehaves: opens a file it was not granted through WASI path_open (on fd 3, the conventional first pre-opened
 * directory) and fails through error_set with what the open returned: "open-file: path_open(<path>) returned errno
 * N (<name>)". The path is the node's setting "path", else /etc/passwd. */
#define PLUGIN_NAME "open-file"
#define PLUGIN_DESCRIPTION "opens a file it was not granted"
#include "misbehave.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
int32_t wasi_path_open(int32_t dirfd, int32_t dirflags, const char *path, size_t path_len, int32_t oflags,
                       uint64_t rights_base, uint64_t rights_inheriting, int32_t fdflags, int32_t *opened);

static const char *errno_name(int32_t code)
{
    switch (code) {
    case 2: return "permission denied";
    case 8: return "bad file descriptor";
    case 44: return "no such file or directory";
    case 54: return "not a directory";
    case 63: return "operation not permitted";
    case 76: return "not capable";
    default: return "other error";
    }
}

EXTISM_EXPORT("process") int32_t process(void)
{
    size_t length = 0;
    extism_ptr setting = extism_config_get(ext_block_text("path"));
    const char *path = setting != 0 ? ext_read_block(setting, &length) : "/etc/passwd";
    if (setting == 0) length = ext_strlen(path);

    int32_t fd = -1;
    const uint64_t fd_read = 1ull << 1;
    int32_t code = wasi_path_open(3, 0, path, length, 0, fd_read, 0, 0, &fd);

    ext_text message = {0};
    ext_text_add(&message, "open-file: path_open(");
    ext_text_bytes(&message, path, length);
    if (code == 0) {
        ext_text_add(&message, ") succeeded with fd ");
        ext_text_i64(&message, fd);
        ext_text_add(&message, ": the file should not have been reachable");
    } else {
        ext_text_add(&message, ") returned errno ");
        ext_text_i64(&message, code);
        ext_text_add(&message, " (");
        ext_text_add(&message, errno_name(code));
        ext_text_add(&message, ")");
    }
    extism_error_set(ext_block(message.bytes, message.length));
    return 1;
}

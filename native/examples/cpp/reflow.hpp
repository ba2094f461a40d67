// reflow.hpp — a header-only C++17 RAII wrapper over the C ABI of Reflow for .NET (native/include/reflow.h).
//
//   reflow::engine     owns an rfl_engine; registers C++ components (reflow::component subclasses);
//                      loads graphs into networks. Copies share one engine; it is destroyed with the last copy
//                      and the last network loaded from it (the C library destroys networks with their engine).
//   reflow::network    owns an rfl_network (move-only): start, inputs and outputs, wait, stop, failures, events.
//   reflow::input / reflow::output   exported ports; handles that live as long as their network.
//   reflow::message    a value type over rfl_message. Text, bytes and JSON are std::string_view: borrowed, as the
//                      header says (until the callback returns, or until the next read on the same output).
//   reflow::component  the base class of a component written in C++: one instance per node, made in start,
//                      deleted in stop; a virtual receive, and optional start, inputs_closed and stop.
//   reflow::error      what every failing call throws: the rfl_status and the rfl_last_error text.
//
// No C++ exception ever crosses into the library: the trampolines that the library calls catch everything, turn it
// into rfl_context_fail(text) and a non-zero return (the node's supervision policy then decides), and an exception
// thrown by an event handler is written to stderr.
#ifndef REFLOW_HPP
#define REFLOW_HPP

#include <reflow.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reflow {

/// A failed call into the library: its status (negative) and the text of rfl_last_error.
class error : public std::runtime_error {
public:
    error(rfl_status status, const std::string &text) : std::runtime_error(text), status_(status) {}
    rfl_status status() const noexcept { return status_; }

private:
    rfl_status status_;
};

namespace detail {
// Negative statuses are errors and become reflow::error; positive ones (full, empty, timeout, closed) are outcomes
// and are returned as they are.
inline rfl_status check(rfl_status status, const char *call) {
    if (status < 0) {
        throw error(status, std::string(call) + ": " + rfl_last_error());
    }
    return status;
}
} // namespace detail

/// A message: scalars held in the struct, everything else a borrowed pointer + length (see reflow.h).
class message {
public:
    message() : raw_(rfl_flow()) {}
    explicit message(const rfl_message &raw) : raw_(raw) {}

    static message flow() { return message(rfl_flow()); }
    static message null() { return message(rfl_null()); }
    static message boolean(bool value) { return message(rfl_boolean(value ? 1 : 0)); }
    static message integer(std::int64_t value) { return message(rfl_integer(value)); }
    static message number(double value) { return message(rfl_float(value)); }
    /// The text stays the caller's: it must outlive the send or emit that takes this message (which copies it).
    static message string(std::string_view utf8) { return message(rfl_string(utf8.data(), utf8.size())); }
    static message bytes(const void *data, std::size_t length) { return message(rfl_bytes(data, length)); }
    static message error_text(std::string_view utf8) { return message(rfl_error(utf8.data(), utf8.size())); }
    static message array_json(std::string_view json) { return message(rfl_json(RFL_ARRAY, json.data(), json.size())); }
    static message object_json(std::string_view json) { return message(rfl_json(RFL_OBJECT, json.data(), json.size())); }

    rfl_kind kind() const noexcept { return static_cast<rfl_kind>(raw_.kind); }
    bool is(rfl_kind kind) const noexcept { return raw_.kind == kind; }
    const rfl_message &raw() const noexcept { return raw_; }

    bool as_boolean() const { expect(RFL_BOOLEAN, "a boolean"); return raw_.value.boolean != 0; }
    std::int64_t as_integer() const { expect(RFL_INTEGER, "an integer"); return raw_.value.integer; }
    double as_float() const { expect(RFL_FLOAT, "a float"); return raw_.value.number; }

    /// The bytes of a string, bytes, error, array, object or bracket message; borrowed (copy what you keep).
    std::string_view data() const {
        if (!points_at_bytes()) {
            throw error(RFL_ERR_KIND, "reflow::message::data: a " + std::string(kind_name(kind())) +
                                          " message holds no bytes");
        }
        return std::string_view(static_cast<const char *>(raw_.value.data), raw_.length);
    }
    std::string_view as_string() const { expect(RFL_STRING, "a string"); return data(); }

    /// Any message as JSON text, copied out of the library's thread-local buffer.
    std::string to_json() const {
        const char *json = nullptr;
        std::size_t length = 0;
        detail::check(rfl_message_to_json(&raw_, &json, &length), "rfl_message_to_json");
        return std::string(json, length);
    }

    static const char *kind_name(rfl_kind kind) noexcept {
        static const char *const names[] = {"flow",   "null",  "boolean", "integer",      "float",        "string",
                                            "bytes",  "array", "object",  "error",        "open bracket", "close bracket"};
        return kind >= 0 && kind <= RFL_CLOSE_BRACKET ? names[kind] : "unknown";
    }

private:
    bool points_at_bytes() const noexcept { return raw_.kind >= RFL_STRING; }
    void expect(rfl_kind kind, const char *what) const {
        if (raw_.kind != kind) {
            throw error(RFL_ERR_KIND, std::string("reflow::message: expected ") + what + ", got a " +
                                          kind_name(this->kind()) + " message");
        }
    }

    rfl_message raw_;
};

class component;

/// What a component's callbacks are given: emit, fail, the node's id and configuration. Valid during the callback.
class context {
public:
    explicit context(rfl_context *raw) noexcept : raw_(raw) {}

    /// Sends on out-port `port`; throws reflow::error when the library refuses (e.g. a bad port).
    void emit(int port, const message &value) { detail::check(rfl_emit(raw_, port, &value.raw()), "rfl_emit"); }
    std::string_view node_id() const { return rfl_context_node_id(raw_); }
    /// The node's configuration as JSON object text ("{}" when none); borrowed until the callback returns.
    std::string_view config() const {
        const char *json = nullptr;
        std::size_t length = 0;
        detail::check(rfl_context_config(raw_, &json, &length), "rfl_context_config");
        return std::string_view(json, length);
    }
    rfl_context *raw() const noexcept { return raw_; }

private:
    rfl_context *raw_;
};

/// The base class of a component written in C++. One instance per node: made before the node's first callback,
/// deleted after its stop. Throw to fail: the text of the exception becomes the node's failure.
class component {
public:
    virtual ~component() = default;
    virtual void start(context &) {}
    virtual void receive(context &ctx, int port, const message &value) = 0;
    virtual void inputs_closed(context &) {}
    virtual void stop(context &) {}
};

/// How graphs see a component: its name and ports (indices are positions in these lists).
struct component_info {
    std::string name;
    std::vector<std::string> in_ports;
    std::vector<std::string> out_ports;
    std::string description;
    bool may_block = false;
};

namespace detail {

// What the library's component_data points at: how to make one instance per node. Owned by the engine's state,
// which outlives every network (and so every callback) of that engine.
struct registration {
    std::function<std::unique_ptr<component>()> make;
};

// Runs `body` and turns any exception into rfl_context_fail + 1: nothing thrown may unwind into C.
template <typename Body> int guarded(rfl_context *raw, Body &&body) noexcept {
    try {
        body();
        return 0;
    } catch (const std::exception &e) {
        rfl_context_fail(raw, e.what());
    } catch (...) {
        rfl_context_fail(raw, "a C++ exception that is not a std::exception");
    }
    return 1;
}

inline component &instance(rfl_context *raw) {
    auto *existing = static_cast<component *>(rfl_context_node_data(raw));
    if (existing != nullptr) {
        return *existing;
    }
    auto *reg = static_cast<registration *>(rfl_context_component_data(raw));
    std::unique_ptr<component> made = reg->make();
    if (!made) {
        throw std::logic_error("the component factory returned no instance");
    }
    rfl_context_set_node_data(raw, made.get());
    return *made.release();
}

inline int start_trampoline(rfl_context *raw) {
    return guarded(raw, [raw] {
        context ctx(raw);
        instance(raw).start(ctx);
    });
}

inline int receive_trampoline(rfl_context *raw, int32_t port, const rfl_message *value) {
    return guarded(raw, [raw, port, value] {
        context ctx(raw);
        instance(raw).receive(ctx, port, message(*value));
    });
}

inline int inputs_closed_trampoline(rfl_context *raw) {
    return guarded(raw, [raw] {
        context ctx(raw);
        instance(raw).inputs_closed(ctx);
    });
}

// Always deletes the instance, even when its stop throws: stop is the last callback of the node (a restart
// starts again with a fresh instance, made in start).
inline int stop_trampoline(rfl_context *raw) {
    auto *existing = static_cast<component *>(rfl_context_node_data(raw));
    if (existing == nullptr) {
        return 0;
    }
    std::unique_ptr<component> owned(existing);
    rfl_context_set_node_data(raw, nullptr);
    return guarded(raw, [raw, &owned] {
        context ctx(raw);
        owned->stop(ctx);
    });
}

struct engine_state {
    rfl_engine *raw = nullptr;
    std::vector<std::unique_ptr<registration>> registrations;
    ~engine_state() { rfl_engine_destroy(raw); }
};

} // namespace detail

/// What a run did (rfl_run_result).
using run_result = rfl_run_result;

/// An exported in-port. One thread writes it at a time.
class input {
public:
    explicit input(rfl_input *raw) noexcept : raw_(raw) {}
    /// RFL_OK, RFL_TIMEOUT or RFL_CLOSED; throws on an error. timeout_ms -1 waits as long as it takes.
    rfl_status send(const message &value, int timeout_ms = -1) {
        return detail::check(rfl_input_send(raw_, &value.raw(), timeout_ms), "rfl_input_send");
    }
    /// RFL_OK, RFL_FULL or RFL_CLOSED; never waits.
    rfl_status try_send(const message &value) {
        return detail::check(rfl_input_try_send(raw_, &value.raw()), "rfl_input_try_send");
    }
    void complete() { detail::check(rfl_input_complete(raw_), "rfl_input_complete"); }
    rfl_input *raw() const noexcept { return raw_; }

private:
    rfl_input *raw_;
};

/// An exported out-port. One thread reads it at a time; a message read is borrowed until the next read.
class output {
public:
    explicit output(rfl_output *raw) noexcept : raw_(raw) {}
    /// RFL_OK (value filled), RFL_TIMEOUT or RFL_CLOSED; throws on an error.
    rfl_status receive(message &value, int timeout_ms = -1) {
        rfl_message raw{};
        rfl_status status = detail::check(rfl_output_receive(raw_, &raw, timeout_ms), "rfl_output_receive");
        if (status == RFL_OK) {
            value = message(raw);
        }
        return status;
    }
    /// RFL_OK (value filled), RFL_EMPTY or RFL_CLOSED; never waits.
    rfl_status try_receive(message &value) {
        rfl_message raw{};
        rfl_status status = detail::check(rfl_output_try_receive(raw_, &raw), "rfl_output_try_receive");
        if (status == RFL_OK) {
            value = message(raw);
        }
        return status;
    }
    /// The next message, waiting as long as it takes; std::nullopt once the port is completed and drained.
    std::optional<message> next() {
        message value;
        return receive(value, -1) == RFL_OK ? std::optional<message>(value) : std::nullopt;
    }
    rfl_output *raw() const noexcept { return raw_; }

private:
    rfl_output *raw_;
};

/// A loaded graph that runs once. Move-only; destroying it stops the run if it is still going.
class network {
public:
    network(network &&other) noexcept
        : engine_(std::move(other.engine_)), raw_(std::exchange(other.raw_, nullptr)),
          on_event_(std::move(other.on_event_)) {}
    network &operator=(network &&other) noexcept {
        if (this != &other) {
            release();
            engine_ = std::move(other.engine_);
            raw_ = std::exchange(other.raw_, nullptr);
            on_event_ = std::move(other.on_event_);
        }
        return *this;
    }
    network(const network &) = delete;
    network &operator=(const network &) = delete;
    ~network() { release(); }

    reflow::input input(const std::string &port) {
        rfl_input *raw = nullptr;
        detail::check(rfl_network_input(raw_, port.c_str(), &raw), "rfl_network_input");
        return reflow::input(raw);
    }
    reflow::output output(const std::string &port) {
        rfl_output *raw = nullptr;
        detail::check(rfl_network_output(raw_, port.c_str(), &raw), "rfl_network_output");
        return reflow::output(raw);
    }
    void start() { detail::check(rfl_network_start(raw_), "rfl_network_start"); }

    /// The run's result, or std::nullopt when it is still running after timeout_ms (-1: wait as long as it takes).
    std::optional<run_result> wait(int timeout_ms = -1) {
        run_result result = empty_result();
        rfl_status status = detail::check(rfl_network_wait(raw_, timeout_ms, &result), "rfl_network_wait");
        return status == RFL_OK ? std::optional<run_result>(result) : std::nullopt;
    }
    run_result stop() {
        run_result result = empty_result();
        detail::check(rfl_network_stop(raw_, &result), "rfl_network_stop");
        return result;
    }
    /// The texts of the failures kept by the run (copied).
    std::vector<std::string> failures() const {
        std::vector<std::string> texts;
        for (std::size_t index = 0;; ++index) {
            const char *text = nullptr;
            rfl_status status = rfl_network_failure(raw_, index, &text);
            if (status == RFL_ERR_NOT_FOUND) {
                return texts;
            }
            detail::check(status, "rfl_network_failure");
            texts.emplace_back(text);
        }
    }
    /// Subscribes `handler` to the network's events (one handler; an empty function unsubscribes). The handler runs
    /// on a library thread; what it throws is written to stderr, never passed to the library.
    void on_event(std::function<void(const rfl_event &)> handler) {
        auto next = handler ? std::make_unique<std::function<void(const rfl_event &)>>(std::move(handler)) : nullptr;
        detail::check(rfl_network_on_event(raw_, next ? &event_trampoline : nullptr, next.get()), "rfl_network_on_event");
        // The old handler is freed only after the library stopped calling it.
        on_event_ = std::move(next);
    }
    rfl_network *raw() const noexcept { return raw_; }

private:
    friend class engine;
    network(std::shared_ptr<detail::engine_state> engine, rfl_network *raw) : engine_(std::move(engine)), raw_(raw) {}

    static run_result empty_result() {
        run_result result{};
        result.struct_size = sizeof(run_result);
        return result;
    }
    static void event_trampoline(const rfl_event *event, void *user_data) {
        try {
            (*static_cast<std::function<void(const rfl_event &)> *>(user_data))(*event);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "reflow: the event handler threw: %s\n", e.what());
        } catch (...) {
            std::fprintf(stderr, "reflow: the event handler threw something that is not a std::exception\n");
        }
    }
    void release() noexcept {
        if (raw_ != nullptr) {
            rfl_network_destroy(raw_);
            raw_ = nullptr;
        }
        on_event_.reset();
        engine_.reset();
    }

    // Keeps the engine (and the component registrations its callbacks use) alive as long as this network.
    std::shared_ptr<detail::engine_state> engine_;
    rfl_network *raw_;
    std::unique_ptr<std::function<void(const rfl_event &)>> on_event_;
};

/// An engine with its options (TOML text; empty for the defaults, then REFLOW_* environment variables).
class engine {
public:
    explicit engine(std::string_view toml = {}) : state_(std::make_shared<detail::engine_state>()) {
        detail::check(rfl_engine_create(toml.data(), toml.size(), &state_->raw), "rfl_engine_create");
    }
    static engine from_file(const std::string &toml_path) {
        auto state = std::make_shared<detail::engine_state>();
        detail::check(rfl_engine_create_from_file(toml_path.c_str(), &state->raw), "rfl_engine_create_from_file");
        return engine(std::move(state));
    }

    /// Registers component type T (a reflow::component made with `args...` copied for each node) under info.name.
    template <typename T, typename... Args> void register_component(const component_info &info, Args... args) {
        static_assert(std::is_base_of<component, T>::value, "T must derive from reflow::component");
        register_factory(info, [args...]() -> std::unique_ptr<component> { return std::make_unique<T>(args...); });
    }

    /// Registers a component whose instances `make` creates, one per node.
    void register_factory(const component_info &info, std::function<std::unique_ptr<component>()> make) {
        auto reg = std::make_unique<detail::registration>();
        reg->make = std::move(make);
        std::vector<const char *> in_ports = names(info.in_ports);
        std::vector<const char *> out_ports = names(info.out_ports);
        rfl_component_def def{};
        def.struct_size = sizeof(rfl_component_def);
        def.name = info.name.c_str();
        def.description = info.description.empty() ? nullptr : info.description.c_str();
        def.in_ports = in_ports.data();
        def.in_port_count = in_ports.size();
        def.out_ports = out_ports.data();
        def.out_port_count = out_ports.size();
        def.receive = &detail::receive_trampoline;
        def.start = &detail::start_trampoline;
        def.inputs_closed = &detail::inputs_closed_trampoline;
        def.stop = &detail::stop_trampoline;
        def.component_data = reg.get();
        def.flags = info.may_block ? RFL_COMPONENT_MAY_BLOCK : 0u;
        detail::check(rfl_component_register(state_->raw, &def), "rfl_component_register");
        state_->registrations.push_back(std::move(reg));
    }

    network load_file(const std::string &path) {
        rfl_network *raw = nullptr;
        detail::check(rfl_network_load_file(state_->raw, path.c_str(), &raw), "rfl_network_load_file");
        return network(state_, raw);
    }
    /// format: "fbp", "json" or empty (detected); name: used in messages in place of a file name.
    network load_text(std::string_view text, const std::string &format = {}, const std::string &name = {}) {
        rfl_network *raw = nullptr;
        detail::check(rfl_network_load_text(state_->raw, text.data(), text.size(),
                                            format.empty() ? nullptr : format.c_str(),
                                            name.empty() ? nullptr : name.c_str(), &raw),
                      "rfl_network_load_text");
        return network(state_, raw);
    }
    rfl_engine *raw() const noexcept { return state_->raw; }

private:
    explicit engine(std::shared_ptr<detail::engine_state> state) : state_(std::move(state)) {}
    static std::vector<const char *> names(const std::vector<std::string> &ports) {
        std::vector<const char *> result;
        result.reserve(ports.size());
        for (const std::string &port : ports) {
            result.push_back(port.c_str());
        }
        return result;
    }

    std::shared_ptr<detail::engine_state> state_;
};

} // namespace reflow

#endif // REFLOW_HPP

// Links libreflow.so from REFLOW_LIB_DIR (default: native/out/lib, where native/build.sh publishes it) and passes the
// folder on to dependents as DEP_REFLOW_LIB_DIR, so their binaries and tests get an rpath to it.
use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=REFLOW_LIB_DIR");
    let dir = match env::var_os("REFLOW_LIB_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("../../../out/lib"),
    };
    let library = dir.join("libreflow.so");
    if !library.exists() {
        panic!("reflow-sys: {} does not exist: run native/build.sh first, or set REFLOW_LIB_DIR to the folder holding libreflow.so", library.display());
    }
    let dir = dir.canonicalize().expect("the library folder exists");
    println!("cargo:rerun-if-changed={}", library.display());
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=dylib=reflow");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    println!("cargo:lib_dir={}", dir.display());
}

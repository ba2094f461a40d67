// The binaries and tests of this crate find libreflow.so at run time through an rpath to the folder reflow-sys
// linked (DEP_REFLOW_LIB_DIR): no LD_LIBRARY_PATH needed.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_REFLOW_LIB_DIR");
    let dir = std::env::var("DEP_REFLOW_LIB_DIR").expect("reflow-sys passes its library folder on (links = \"reflow\")");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
}

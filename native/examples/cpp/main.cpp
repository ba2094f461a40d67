// A C++ host of Reflow: registers a C++ component (cpp/Scale), loads scale.fbp, feeds it integers, prints what
// comes out and the run's counts. Modes:
//   host GRAPH            the example: 1..5 scaled by 3, then "scaled 5 values" when the input closes
//   host GRAPH throwing   cpp/Scale throws on every message: each throw is a counted failure, the host goes on
//   host GRAPH missing    loads a graph that does not exist: a reflow::error with RFL_ERR_NOT_FOUND or _GRAPH
#include "reflow.hpp"

#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

// Multiplies each integer by its factor; counts them in the node's own instance and says how many once the
// input closes. Throws on anything else, or on everything when made `throwing`.
class scale final : public reflow::component {
public:
    scale(std::int64_t factor, bool throwing) : factor_(factor), throwing_(throwing) {}

    void receive(reflow::context &ctx, int, const reflow::message &value) override {
        if (throwing_) {
            throw std::runtime_error("cpp/Scale was told to throw (message " + value.to_json() + ")");
        }
        ctx.emit(0, reflow::message::integer(value.as_integer() * factor_));
        ++count_;
    }

    void inputs_closed(reflow::context &ctx) override {
        std::string summary = "scaled " + std::to_string(count_) + " values";
        ctx.emit(0, reflow::message::string(summary));
    }

private:
    std::int64_t factor_;
    bool throwing_;
    std::int64_t count_ = 0;
};

int run(const std::string &graph, bool throwing) {
    reflow::engine engine;
    engine.register_component<scale>({"cpp/Scale", {"in"}, {"out"}, "Multiplies integers by a factor"}, 3,
                                     throwing);
    reflow::network network = engine.load_file(graph);
    reflow::input values = network.input("values");
    reflow::output results = network.output("results");
    network.start();

    // The reader thread keeps what it read, or what it threw: nothing may escape a std::thread.
    std::vector<std::string> read;
    std::exception_ptr reader_error;
    std::thread reader([&results, &read, &reader_error] {
        try {
            while (std::optional<reflow::message> next = results.next()) {
                read.push_back(next->is(RFL_INTEGER) ? std::to_string(next->as_integer())
                                                     : std::string(next->as_string()));
            }
        } catch (...) {
            reader_error = std::current_exception();
        }
    });
    std::optional<reflow::run_result> result;
    try {
        for (std::int64_t value = 1; value <= 5; ++value) {
            if (values.send(reflow::message::integer(value)) != RFL_OK) {
                throw std::runtime_error("the input closed before value " + std::to_string(value));
            }
        }
        values.complete();
        result = network.wait(30000);
        if (!result) {
            throw std::runtime_error("the run did not finish within 30 s");
        }
    } catch (...) {
        try {
            network.stop(); // completes the output, so the reader ends
        } catch (const reflow::error &e) {
            std::fprintf(stderr, "stopping after a failure failed too: %s\n", e.what());
        }
        reader.join();
        throw;
    }
    reader.join();
    if (reader_error) {
        std::rethrow_exception(reader_error);
    }

    for (const std::string &text : read) {
        std::printf("result: %s\n", text.c_str());
    }
    std::printf("completed: %d, failures: %lld, uncaught: %lld\n", result->completed,
                static_cast<long long>(result->failures), static_cast<long long>(result->uncaught_failures));
    std::vector<std::string> failures = network.failures();
    if (!failures.empty()) {
        std::printf("first failure: %s\n", failures.front().c_str());
    }
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s GRAPH [throwing|missing]\n", argv[0]);
        return 2;
    }
    std::string mode = argc > 2 ? argv[2] : "";
    try {
        if (mode == "missing") {
            reflow::engine engine;
            try {
                engine.load_file(std::string(argv[1]) + ".missing");
            } catch (const reflow::error &e) {
                std::printf("load refused: status %d\n", static_cast<int>(e.status()));
                std::printf("text names the file: %s\n",
                            std::strstr(e.what(), ".missing") != nullptr ? "yes" : "no");
                return 0;
            }
            std::printf("load of a missing graph did not fail\n");
            return 1;
        }
        int status = run(argv[1], mode == "throwing");
        std::printf("host still running\n");
        return status;
    } catch (const reflow::error &e) {
        std::fprintf(stderr, "reflow error %d: %s\n", static_cast<int>(e.status()), e.what());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}

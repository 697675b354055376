// The benchmarks' command-line options: "--name value" (and bare flags) after their positional
// arguments, read one at a time:
//   for (bench::OptionReader o(argc, argv, 4); o.next();)
//       if (o.name() == "--json") json = o.value(); else o.unknown();
#pragma once

#include "core/common/Error.h"

#include <string>

namespace focus::bench {

class OptionReader {
public:
    OptionReader(int argc, char** argv, int first) : argc_(argc), argv_(argv), i_(first - 1) {}
    bool next() { return ++i_ < argc_ && (name_ = argv_[i_], true); }
    const std::string& name() const { return name_; }
    // The argument after the name; throws focus::Error when there is none.
    std::string value() {
        if (i_ + 1 >= argc_) throw Error(name_ + " needs a value");
        return argv_[++i_];
    }
    [[noreturn]] void unknown() const { throw Error("unknown option " + name_); }

private:
    int argc_;
    char** argv_;
    int i_;
    std::string name_;
};

}  // namespace focus::bench

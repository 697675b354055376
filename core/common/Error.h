// The one exception type core/ throws for bad input (files, locus strings, options).
// Its message is meant for a person: it names the file or value, the place and the problem, and
// where useful what to do about it. Callers that know more context wrap it with rethrowWithContext.
#pragma once

#include <stdexcept>
#include <string>

namespace focus {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace focus

// Helpers shared by the CLI verbs: failing with a message, describing tensors.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ir/tensor.h"

namespace eb::cli {

// Prints "edgebench: error: <message>" and ends the command with exit code 1.
[[noreturn]] void Fail(const Status& status);

// Unwraps a Result or fails with its error.
template <class T>
T Check(Result<T> r) {
  if (!r.ok()) Fail(r.status());
  return std::move(r.value());
}

// "int8 [1,96,96,3] scale=0.00392157 zero_point=-128"
std::string DescribeTensor(const Tensor& t);
nlohmann::json TensorJson(const Tensor& t);

}  // namespace eb::cli

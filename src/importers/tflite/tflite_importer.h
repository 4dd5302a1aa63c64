// Reads a .tflite file into the IR.
//
// Every file goes through the flatbuffers Verifier before any field is read; then every index, buffer
// size, shape and quantisation block is checked, so a hostile file ends in an error, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

// Parses a TFLite flatbuffer held in memory. `origin` names it in error messages.
Result<Graph> ImportTflite(const uint8_t* data, size_t size, const std::string& origin);

// Reads and parses a .tflite file.
Result<Graph> ImportTfliteFile(const std::string& path);

// The TFLite name of any builtin operator code ("LSTM" for 16), or "" if unknown to us.
std::string TfliteBuiltinName(int code);

}  // namespace eb

// Opens a model file of any supported format, chosen by content (TFLite's "TFL3" identifier) or extension.
#pragma once

#include <string>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

Result<Graph> LoadModel(const std::string& path);

}  // namespace eb

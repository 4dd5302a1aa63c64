#include "ir/graph.h"

#include "core/strings.h"

namespace eb {

std::string Graph::OpLabel(size_t op_index) const {
  return Format("operator %zu (%s)", op_index, std::string(OpName(ops[op_index].type)).c_str());
}

}  // namespace eb

#include "core/model.h"

#include <strings.h>

namespace ps::core {

std::string Mailbox::local_part() const {
  auto at = address.rfind('@');
  return at == std::string::npos ? address : address.substr(0, at);
}

std::string Mailbox::domain() const {
  auto at = address.rfind('@');
  return at == std::string::npos ? std::string() : address.substr(at + 1);
}

const Header* Message::header(const std::string& name) const {
  for (const auto& h : headers) {
    if (strcasecmp(h.name.c_str(), name.c_str()) == 0) return &h;
  }
  return nullptr;
}

}  // namespace ps::core

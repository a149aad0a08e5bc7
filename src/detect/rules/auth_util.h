// Shared by the authentication rules: the receiving side's verdict for one method.
#pragma once
#include "detect/rule.h"

namespace ps::detect::rules {

// First trusted result of `method` (Authentication-Results before Received-SPF), or nullptr.
inline const core::AuthResult* trusted_result(const core::Message& msg, const std::string& method) {
  const core::AuthResult* fallback = nullptr;
  for (const auto& a : msg.auth) {
    if (!a.trusted || a.method != method) continue;
    if (a.header == "Authentication-Results") return &a;
    if (!fallback) fallback = &a;
  }
  return fallback;
}

inline core::Evidence auth_evidence(const core::Message& msg, const core::AuthResult& a) {
  core::Evidence e = header_evidence_at(msg, a.header_index, a.method + "=" + a.result + (a.detail.empty() ? "" : " " + a.detail));
  e.header = a.header;
  return e;
}

}  // namespace ps::detect::rules

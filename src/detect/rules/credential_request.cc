// CREDENTIAL_REQUEST: the reader is told to log in or re-authenticate through the mail's link.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {"再認証", "ログインしてください", "ログインページ", "にログイン",
                                                   "ログイン後", "認証する", "本人確認", "パスワード", "暗証番号",
                                                   "sign in", "log in", "verify your account", "password"};
  add_phrase_finding(in, out, "CREDENTIAL_REQUEST", phrases);
}

extern const Rule kCredentialRequest{"CREDENTIAL_REQUEST", "content", run};

}  // namespace ps::detect::rules

// MAILBOX_LURE: the classic lures for mail-account credentials: the mailbox is full, the password expires, messages
// are held back. Mail providers and company IT desks are the brands here, so there is often no brand to attribute.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "容量が上限", "メールボックスの容量", "容量を追加", "受信できなくなります", "保留中のメッセージ", "メールが保留",
      "パスワードの有効期限", "mailbox is full", "mailbox storage", "storage quota", "pending messages",
      "messages are on hold", "password expires", "password will expire", "keep current password"};
  add_phrase_finding(in, out, "MAILBOX_LURE", phrases);
}

extern const Rule kMailboxLure{"MAILBOX_LURE", "content", run};

}  // namespace ps::detect::rules

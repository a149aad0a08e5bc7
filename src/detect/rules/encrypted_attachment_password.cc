// ENCRYPTED_ATTACHMENT_PASSWORD: an encrypted attachment (PDF or ZIP) whose password the mail gives: the password
// keeps scanners out, the text lets the victim in.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const core::Part* enc = nullptr;
  for (const auto& p : in.msg.parts)
    if (p.is_attachment && p.encrypted) enc = &p;
  if (!enc) return;
  auto hits = find_phrases_in_body(in, {"password", "passwort", "senha", "contraseña", "mot de passe", "wachtwoord",
                                        "パスワード", "暗証", "解凍", "pwd:", "pass:", "kennwort", "clave"});
  auto subj = find_phrases(in.msg.subject, {"password", "passwort", "senha", "contraseña", "パスワード"});
  if (hits.empty() && subj.empty()) return;
  core::Finding f = make_finding("ENCRYPTED_ATTACHMENT_PASSWORD");
  f.params["file"] = enc->filename;
  f.params["type"] = enc->sniffed_type;
  core::Evidence e;
  e.part = enc->index;
  e.excerpt = enc->filename;
  f.evidence.push_back(e);
  if (!hits.empty()) f.evidence.push_back(text_evidence(in, hits.front()));
  out.push_back(std::move(f));
}

extern const Rule kEncryptedAttachmentPassword{"ENCRYPTED_ATTACHMENT_PASSWORD", "link", run};

}  // namespace ps::detect::rules

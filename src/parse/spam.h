// Spam-filter headers decoded: SpamAssassin (X-Spam-Flag/Status/Score/Level/Report), rspamd (X-Spamd-Result,
// X-Rspamd-*, X-Spam), Microsoft (X-Forefront-Antispam-Report, X-MS-Exchange-Organization-SCL/BCL/PCL, SFV, CAT)
// and other "spam"/"meiwaku" flag headers.
#pragma once
#include <vector>

#include "core/model.h"

namespace ps::parse {

std::vector<core::SpamReport> decode_spam_headers(const std::vector<core::Header>& headers);

// Is this header one a spam filter writes?
bool is_spam_header_name(const std::string& name);

}  // namespace ps::parse

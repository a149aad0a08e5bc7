// Checks of what GMime accepts leniently, recorded as anomalies; attachment names, sniffed types and TNEF listings.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace ps::parse {

// Parameters of a Content-Type / Content-Disposition value (name lower-cased, quoted strings unquoted).
std::map<std::string, std::string> parse_mime_params(std::string_view value);

// The file name from Content-Disposition "filename" / Content-Type "name": RFC 2231 (charset'lang'%XX and
// continuations), RFC 2047 inside quotes, raw 8-bit bytes; decoded to UTF-8.
std::string decode_filename(std::string_view disposition_value, std::string_view content_type_value);

// Type from the first bytes ("" when not recognised).
std::string sniff_type(std::string_view bytes);

// An encrypted PDF (an /Encrypt dictionary) or ZIP (an entry with the encryption flag): what it holds cannot be read
// without its password, which a phishing mail then gives in its text.
bool is_encrypted(std::string_view bytes, const std::string& sniffed_type);

// Attachment titles inside a TNEF (winmail.dat) stream; empty when it is not TNEF or has none.
std::vector<std::string> tnef_attachment_names(std::string_view bytes);

// Raw-level anomalies: NUL bytes, lines over 998 bytes, header folding abuse, duplicated single-instance headers.
void check_raw(const std::string& bytes, const std::vector<core::Header>& headers, std::vector<core::Anomaly>& out);

// Transfer-encoding anomalies of one part, from its encoded bytes: invalid or truncated base64, invalid
// quoted-printable, 8-bit bytes under an explicit 7bit, an unknown encoding name. `declared` is the raw header
// value ("" when the part has none: then nothing is checked).
void check_transfer_encoding(std::string_view encoded, const std::string& declared, int part, size_t offset,
                             std::vector<core::Anomaly>& out);

// A multipart whose declared boundary never starts a line, while lines of the same shape do ("------=_Part_1" under
// a declared "----=_Part_1": dashes added or dropped by a careless mailer): mail clients split on those lines, and so
// does phishscope. Returns a copy of `bytes` with the delimiter lines (or the declaration) rewritten to match, padded
// with white space so that every byte offset stays where it was; "" when nothing needed recovering. Each recovery is
// an anomaly BOUNDARY_RECOVERED.
std::string recover_boundaries(const std::string& bytes, std::vector<core::Anomaly>& out);

}  // namespace ps::parse

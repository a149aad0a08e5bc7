// Outlook .msg files (MS-OXMSG: an OLE compound file of MAPI properties) read into an RFC 5322 message, so that the
// rest of the analysis sees one model: the original Internet headers (PidTagTransportMessageHeaders) when Outlook
// kept them, else headers made from the properties (sender, recipients, subject, times, Message-ID); the plain, HTML
// and RTF bodies (compressed RTF decompressed per MS-OXRTFCP, HTML taken out of encapsulating RTF per MS-OXRTFEX);
// attachments, and embedded .msg messages as message/rfc822 parts. The compound-file layer is libgsf's.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "core/result.h"

namespace ps::ingest {

// The OLE compound-file signature (D0 CF 11 E0 A1 B1 1A E1).
bool looks_like_ole(std::string_view bytes);

struct MsgConversion {
  std::string rfc822;               // the message, as RFC 5322 bytes
  bool had_transport_headers = false;  // Outlook kept the original Internet headers
  std::vector<std::string> notes;   // what could not be carried over (an RTF body without HTML, a property too big...)
};

// Errors name what is wrong and where (a storage or stream of the compound file).
core::Result<MsgConversion> msg_to_rfc822(std::string_view bytes, const core::Limits& limits = {});

// MS-OXRTFCP: the compressed RTF of PidTagRtfCompressed, decompressed ("LZFu"; "MELA" stored uncompressed).
core::Result<std::string> decompress_rtf(std::string_view bytes, size_t max_out);

// MS-OXRTFEX: the HTML encapsulated in RTF (\fromhtml1), or "" when the RTF does not encapsulate HTML. `text` gets
// the RTF's plain text either way (its own 8-bit bytes decoded with \ansicpg).
struct RtfBody {
  std::string html;
  std::string text;
};
RtfBody rtf_body(std::string_view rtf);

}  // namespace ps::ingest

// Links in PDF files: the /URI of link annotations, in the file as written and inside Flate-compressed streams
// (object streams hold the annotations of PDF 1.5+ files). Phishing PDFs carry one "open the document" button.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ps::extract {

struct PdfLinks {
  std::vector<std::string> uris;  // unique, in order of appearance
  int streams_inflated = 0;
  std::string error;  // what could not be read ("" when the whole file was scanned)
};

PdfLinks pdf_links(std::string_view pdf);

}  // namespace ps::extract

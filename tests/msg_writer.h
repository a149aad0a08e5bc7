// Synthetic Outlook .msg files (MS-OXMSG) for tests, written with libgsf's OLE compound-file writer: a message's
// MAPI properties, its recipients and attachments (an attachment may hold an embedded message).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ps::test {

struct MsgObject {
  struct Prop {
    uint32_t tag;       // property id << 16 | type (001F Unicode string, 001E 8-bit string, 0102 binary, 0040 time, 0003 int)
    std::string value;  // bytes: UTF-16LE for 001F (use utf16), raw for 001E / 0102; 8 little-endian bytes for fixed types
  };
  std::vector<Prop> props;
  std::vector<MsgObject> recipients;
  std::vector<MsgObject> attachments;
  std::vector<MsgObject> embedded;  // at most one: this attachment's embedded message
};

std::string utf16(const std::string& utf8);  // UTF-8 -> UTF-16LE with a terminating NUL
std::string le64(uint64_t v);
MsgObject::Prop str_prop(uint16_t id, const std::string& utf8);  // PT_UNICODE
MsgObject::Prop bin_prop(uint16_t id, const std::string& bytes);  // PT_BINARY

std::string write_msg(const MsgObject& root);

}  // namespace ps::test

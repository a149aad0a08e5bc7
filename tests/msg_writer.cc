#include "msg_writer.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>

#include <cstdio>

namespace ps::test {

std::string utf16(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len == 1) cp = c;
    else if (len == 2) cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    else if (len == 3) cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    else cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    i += len;
    auto unit = [&](unsigned u) { out += static_cast<char>(u & 0xFF), out += static_cast<char>(u >> 8); };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  out += std::string(2, '\0');
  return out;
}

std::string le64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

MsgObject::Prop str_prop(uint16_t id, const std::string& utf8) { return {static_cast<uint32_t>(id) << 16 | 0x001F, utf16(utf8)}; }
MsgObject::Prop bin_prop(uint16_t id, const std::string& bytes) { return {static_cast<uint32_t>(id) << 16 | 0x0102, bytes}; }

namespace {

bool variable(uint32_t tag) {
  uint16_t type = tag & 0xFFFF;
  return type == 0x001F || type == 0x001E || type == 0x0102 || type == 0x000D;
}

void put(GsfOutfile* dir, const std::string& name, const std::string& bytes) {
  GsfOutput* o = gsf_outfile_new_child(dir, name.c_str(), FALSE);
  gsf_output_write(o, bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
  gsf_output_close(o);
  g_object_unref(o);
}

std::string le32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

void write_object(GsfOutfile* dir, const MsgObject& obj, size_t header_size) {
  std::string props(header_size, '\0');
  if (header_size >= 32) {  // the top-level message: recipient and attachment counts
    props.replace(8, 4, le32(static_cast<uint32_t>(obj.recipients.size())));
    props.replace(12, 4, le32(static_cast<uint32_t>(obj.attachments.size())));
    props.replace(16, 4, le32(static_cast<uint32_t>(obj.recipients.size())));
    props.replace(20, 4, le32(static_cast<uint32_t>(obj.attachments.size())));
  }
  for (const auto& p : obj.props) {
    props += le32(p.tag) + le32(6);
    if (variable(p.tag)) {
      props += le32(static_cast<uint32_t>(p.value.size())) + le32(0);
      char name[32];
      std::snprintf(name, sizeof name, "__substg1.0_%08X", p.tag);
      put(dir, name, p.value);
    } else {
      std::string v = p.value;
      v.resize(8, '\0');
      props += v;
    }
  }
  put(dir, "__properties_version1.0", props);
  for (size_t i = 0; i < obj.recipients.size(); ++i) {
    char name[40];
    std::snprintf(name, sizeof name, "__recip_version1.0_#%08zX", i);
    GsfOutput* r = gsf_outfile_new_child(dir, name, TRUE);
    write_object(GSF_OUTFILE(r), obj.recipients[i], 8);
    gsf_output_close(r);
    g_object_unref(r);
  }
  for (size_t i = 0; i < obj.attachments.size(); ++i) {
    char name[40];
    std::snprintf(name, sizeof name, "__attach_version1.0_#%08zX", i);
    GsfOutput* a = gsf_outfile_new_child(dir, name, TRUE);
    write_object(GSF_OUTFILE(a), obj.attachments[i], 8);
    if (!obj.attachments[i].embedded.empty()) {
      GsfOutput* e = gsf_outfile_new_child(GSF_OUTFILE(a), "__substg1.0_3701000D", TRUE);
      write_object(GSF_OUTFILE(e), obj.attachments[i].embedded.front(), 24);
      gsf_output_close(e);
      g_object_unref(e);
    }
    gsf_output_close(a);
    g_object_unref(a);
  }
}

}  // namespace

std::string write_msg(const MsgObject& root) {
  gsf_init();
  GsfOutput* sink = gsf_output_memory_new();
  GsfOutfile* ole = gsf_outfile_msole_new(sink);
  write_object(ole, root, 32);
  gsf_output_close(GSF_OUTPUT(ole));
  g_object_unref(ole);
  std::string out(reinterpret_cast<const char*>(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink))),
                  static_cast<size_t>(gsf_output_size(sink)));
  g_object_unref(sink);
  return out;
}

}  // namespace ps::test

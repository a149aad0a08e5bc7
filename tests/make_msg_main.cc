// Writes a synthetic Outlook .msg for the command-line tests: a user's report (the reporter's note) with the phish
// attached as an embedded message that kept its Internet headers.
//   ps_make_msg OUT.msg
#include <cstdio>
#include <fstream>

#include "msg_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ps_make_msg OUT.msg\n");
    return 2;
  }
  using namespace ps::test;
  MsgObject phish;
  phish.props.push_back(str_prop(0x007D,
      "Received: from mail.bad.example (mail.bad.example [203.0.113.45]) by mx.example.jp (Postfix) with ESMTP id 4fQ;"
      " Fri, 13 Feb 2026 04:20:11 +0900 (JST)\r\nFrom: \"えきねっと\" <info@bad.example>\r\nTo: taro@example.jp\r\n"
      "Subject: =?UTF-8?B?44GK5pSv5omV44GE5oOF5aCx44Gu44GU56K66KqN?=\r\nDate: Fri, 13 Feb 2026 04:20:00 +0900\r\n"
      "Message-ID: <phish-1@bad.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"));
  phish.props.push_back(str_prop(0x0037, "お支払い情報のご確認"));
  phish.props.push_back(str_prop(0x1000, "お支払い情報の確認・更新はこちら https://eki-net-carcini.ddnxw.cn/Perosnal_member/\r\n"));
  MsgObject attach;
  attach.props.push_back(str_prop(0x3001, "お支払い情報のご確認"));
  attach.props.push_back({0x37050003, le64(5)});  // PidTagAttachMethod: embedded message
  attach.embedded.push_back(phish);
  MsgObject report;
  report.props.push_back(str_prop(0x0037, "FW: 不審なメール"));
  report.props.push_back(str_prop(0x0C1A, "Reporter"));
  report.props.push_back(str_prop(0x5D01, "reporter@example.jp"));
  report.props.push_back(str_prop(0x0E04, "abuse@example.jp"));
  report.props.push_back({0x00390040, le64(134154252000000000ULL)});  // 2026-02-13
  report.props.push_back(str_prop(0x1000, "このメールが届きました。確認をお願いします。\r\n"));
  report.attachments.push_back(attach);
  std::string bytes = write_msg(report);
  std::ofstream(argv[1], std::ios::binary) << bytes;
  return 0;
}

// Message sources: one .eml file, standard input, an mbox file (mboxo/mboxrd, streamed), a Maildir, or a
// directory of .eml files. Each message is handed over as it is read; at most one is in memory at a time.
#pragma once
#include <cstdio>
#include <functional>
#include <string>

#include "core/limits.h"
#include "core/result.h"
#include "ingest/ingest.h"

namespace ps::ingest {

enum class SourceKind { File, Stdin, Mbox, Maildir, Directory };
const char* source_kind_name(SourceKind k);

// What `path` is: "-" is stdin; a directory with cur/ or new/ is a Maildir, another directory a directory of
// .eml files; a file whose first line is an mbox "From " line followed by another "From " separator is an mbox.
core::Result<SourceKind> detect_source(const std::string& path);

// Called for each message, or for each one that could not be read (then `message` is an error naming it).
// Return false to stop.
using MessageSink = std::function<bool(core::Result<RawMessage> message)>;

// Reads every message of `path`. Fails only when the source itself cannot be read.
core::Result<size_t> for_each_message(const std::string& path, const core::Limits& limits, const MessageSink& sink);

// How many messages `path` holds (an mbox is scanned for its separators without reading messages), for progress.
core::Result<size_t> count_messages(const std::string& path);

// mbox: splits on "From " lines that start a line after a blank line (or the file start); mboxrd quoting
// (">From ", ">>From "...) loses one '>'. `source` names the file; messages are "FILE#N" (1-based).
core::Result<size_t> read_mbox(std::FILE* f, const std::string& source, const core::Limits& limits, const MessageSink& sink);

}  // namespace ps::ingest

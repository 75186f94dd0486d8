#include "isolated_convert.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>

namespace stacks::markdown::testing {
namespace {

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// The child's protocol on the pipe: one status byte ('H' html follows, 'E'
// error text follows), then the payload.
std::string ConvertForChild(std::string_view source, Converter& converter, bool strict) {
  if (strict && !converter.errors().empty()) {
    std::string message = "E";
    for (const auto& e : converter.errors()) message += e + "; ";
    return message;
  }
  return "H" + converter.Convert(source).html;
}

[[noreturn]] void RunChild(int fd, unsigned timeout_seconds, const std::function<std::string()>& work) {
  alarm(timeout_seconds);
  std::string message;
  try {
    message = work();
  } catch (const std::exception& e) {
    message = std::string("Ethrew: ") + e.what();
  } catch (...) {
    message = "Ethrew a non-std exception";
  }
  WriteAll(fd, message);
  close(fd);
  _exit(0);
}

std::string DescribeStatus(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGALRM) return "timed out";
    return "crashed (signal " + std::to_string(sig) + ", " + strsignal(sig) + ")";
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "";
}

// Runs `work` in a forked child and turns its message or its death into a
// result.
IsolatedResult RunIsolated(unsigned timeout_seconds, const std::function<std::string()>& work) {
  IsolatedResult result;
  int fds[2];
  if (pipe(fds) != 0) {
    result.error = "pipe failed";
    return result;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    result.error = "fork failed";
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], timeout_seconds, work);
  }
  close(fds[1]);
  std::string message = ReadAll(fds[0]);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (std::string failure = DescribeStatus(status); !failure.empty()) {
    result.error = failure;
  } else if (message.empty()) {
    result.error = "no output";
  } else if (message[0] == 'E') {
    result.error = message.substr(1);
  } else {
    result.ok = true;
    result.html = message.substr(1);
  }
  return result;
}

}  // namespace

IsolatedResult ConvertIsolated(std::string_view source, const Options& options, unsigned timeout_seconds) {
  return RunIsolated(timeout_seconds, [&] {
    Converter converter(options);
    return ConvertForChild(source, converter, true);
  });
}

IsolatedResult ConvertIsolated(std::string_view source, Converter& converter, unsigned timeout_seconds) {
  return RunIsolated(timeout_seconds, [&] { return ConvertForChild(source, converter, false); });
}

Options OptionsFromKwargs(const nlohmann::json& kwargs) {
  Options options;
  if (kwargs.contains("extensions"))
    for (const auto& e : kwargs["extensions"]) options.extensions.push_back(e.get<std::string>());
  if (kwargs.contains("extension_configs")) options.extension_configs = kwargs["extension_configs"];
  if (kwargs.contains("output_format")) options.output_format = kwargs["output_format"].get<std::string>();
  if (kwargs.contains("tab_length")) options.tab_length = kwargs["tab_length"].get<int>();
  return options;
}

}  // namespace stacks::markdown::testing

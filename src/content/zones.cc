// Time zones the way pytz (python3-tz on Debian: the system tzdata) holds
// them, for Pelican's TIMEZONE.
#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <mutex>

#include "base/base.h"
#include "content/content.h"

namespace stacks::content {

long DaysFromCivil(int y, int m, int d);                 // dates.cc
void CivilFromDays(long days, int* year, int* month, int* day);  // dates.cc

namespace {

constexpr int64_t kMicro = 1000000;

// One entry of pytz's _transition_info.
struct ZoneState {
  int64_t utcoffset = 0;  // seconds
  int64_t dst = 0;
  std::string name;
};

// pytz's DstTzInfo data: UTC transition instants (the first is -infinity)
// and the state that starts at each; a zone with one state is static.
struct Zone {
  std::vector<int64_t> transitions;  // microseconds since the epoch, UTC
  std::vector<ZoneState> states;
  bool is_static = false;
};

int64_t ToMicros(const DateTime& d) {
  int64_t days = DaysFromCivil(d.year, d.month, d.day);
  return ((days * 86400 + d.hour * 3600 + d.minute * 60 + d.second) * kMicro) + d.microsecond;
}

DateTime FromMicros(int64_t us) {
  int64_t secs = us >= 0 ? us / kMicro : -((-us + kMicro - 1) / kMicro);
  DateTime d;
  d.microsecond = static_cast<int>(us - secs * kMicro);
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t rest = secs - days * 86400;
  CivilFromDays(days, &d.year, &d.month, &d.day);
  d.hour = static_cast<int>(rest / 3600);
  d.minute = static_cast<int>(rest / 60 % 60);
  d.second = static_cast<int>(rest % 60);
  return d;
}

int32_t BigEndian32(const std::string& b, size_t at) {
  return static_cast<int32_t>((static_cast<uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
                              (static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
                              (static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
                              static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])));
}

int64_t RoundToMinute(int64_t seconds) {
  int64_t x = seconds + 30;
  int64_t floor_div = x >= 0 ? x / 60 : -((-x + 59) / 60);
  return floor_div * 60;
}

// pytz's tzfile.build_tzinfo over the version-1 (32-bit) part of a TZif
// file: early dates use the first standard-time state; each DST state's
// dst is its offset minus the previous standard one (or, when that is not
// in (0, 3h], the next standard one); offsets are rounded to minutes.
std::optional<Zone> ParseTzif(const std::string& b) {
  if (b.size() < 44 || b.compare(0, 4, "TZif") != 0) return std::nullopt;
  int32_t leapcnt = BigEndian32(b, 28), timecnt = BigEndian32(b, 32), typecnt = BigEndian32(b, 36),
          charcnt = BigEndian32(b, 40);
  size_t need = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8;
  if (timecnt < 0 || typecnt <= 0 || charcnt < 0 || b.size() < need) return std::nullopt;
  std::vector<int64_t> transitions;
  std::vector<int> indexes;
  for (int i = 0; i < timecnt; ++i) transitions.push_back(int64_t{BigEndian32(b, 44 + 4 * i)} * kMicro);
  for (int i = 0; i < timecnt; ++i) indexes.push_back(static_cast<unsigned char>(b[44 + 4 * timecnt + i]));
  struct TtInfo {
    int64_t offset;
    bool isdst;
    std::string name;
  };
  std::vector<TtInfo> ttinfo;
  size_t types_at = 44 + 5 * timecnt, chars_at = types_at + 6 * typecnt;
  std::string chars = b.substr(chars_at, charcnt);
  for (int i = 0; i < typecnt; ++i) {
    size_t at = types_at + 6 * i;
    size_t abbr = static_cast<unsigned char>(b[at + 5]);
    size_t nul = chars.find('\0', abbr);
    ttinfo.push_back({BigEndian32(b, at), b[at + 4] != 0, abbr < chars.size() ? chars.substr(abbr, nul - abbr) : ""});
  }
  Zone zone;
  if (ttinfo.size() == 1 || transitions.empty()) {
    zone.is_static = true;
    zone.transitions = {INT64_MIN};
    zone.states = {{ttinfo[0].offset, 0, ttinfo[0].name}};
    return zone;
  }
  size_t first_std = 0;
  while (first_std < ttinfo.size() && ttinfo[first_std].isdst) ++first_std;
  if (first_std == ttinfo.size()) first_std = 0;
  const TtInfo& a = ttinfo[first_std];
  const TtInfo& b0 = ttinfo[indexes[0]];
  if (a.offset == b0.offset && a.isdst == b0.isdst && a.name == b0.name) {
    transitions[0] = INT64_MIN;
  } else {
    transitions.insert(transitions.begin(), INT64_MIN);
    indexes.insert(indexes.begin(), static_cast<int>(first_std));
  }
  for (size_t i = 0; i < transitions.size(); ++i) {
    const TtInfo& inf = ttinfo[indexes[i]];
    int64_t dst = 0;
    if (inf.isdst) {
      const TtInfo* prev = &ttinfo[indexes[0]];
      for (size_t j = i; j-- > 0;) {
        prev = &ttinfo[indexes[j]];
        if (!prev->isdst) break;
      }
      dst = inf.offset - prev->offset;
      if (dst <= 0 || dst > 3600 * 3) {
        for (size_t j = i + 1; j < transitions.size(); ++j) {
          const TtInfo& std_inf = ttinfo[indexes[j]];
          if (!std_inf.isdst) {
            dst = inf.offset - std_inf.offset;
            if (dst > 0) break;
          }
        }
      }
    }
    zone.states.push_back({RoundToMinute(inf.offset), RoundToMinute(dst), inf.name});
  }
  zone.transitions = std::move(transitions);
  return zone;
}

// Zones are read once and kept.
const Zone* LoadZone(std::string_view name, std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Zone>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();
  std::string key(name);
  std::unique_ptr<Zone> zone;
  if (key == "UTC") {
    zone = std::make_unique<Zone>(Zone{{INT64_MIN}, {{0, 0, "UTC"}}, true});
  } else if (!key.empty() && key[0] != '/' && key.find("..") == std::string::npos) {
    if (std::optional<std::string> data = ReadFile("/usr/share/zoneinfo/" + key))
      if (std::optional<Zone> parsed = ParseTzif(*data)) zone = std::make_unique<Zone>(std::move(*parsed));
  }
  if (!zone) {
    *error = "unknown time zone '" + key + "'";
    return nullptr;
  }
  return (cache[key] = std::move(zone)).get();
}

size_t StateIndexAt(const Zone& zone, int64_t instant) {
  auto it = std::upper_bound(zone.transitions.begin(), zone.transitions.end(), instant);
  size_t idx = static_cast<size_t>(it - zone.transitions.begin());
  return idx == 0 ? 0 : idx - 1;
}

DateTime WithState(int64_t local, const ZoneState& state) {
  DateTime d = FromMicros(local);
  d.utc_offset = static_cast<int>(state.utcoffset);
  d.tz_name = state.name;
  return d;
}

struct Candidate {
  int64_t local;
  size_t state;
};

// DstTzInfo.localize: the states in force a day before and a day after
// (looked up with the local time, as pytz does) are tried; those that map
// the instant back to the same wall-clock time are the candidates.
DateTime LocalizeIn(const Zone& zone, int64_t local) {
  std::vector<Candidate> possible;
  for (int64_t delta : {-86400 * kMicro, 86400 * kMicro}) {
    const ZoneState& guess = zone.states[StateIndexAt(zone, local + delta)];
    int64_t utc = local - guess.utcoffset * kMicro;
    size_t actual = StateIndexAt(zone, utc);
    int64_t back = utc + zone.states[actual].utcoffset * kMicro;
    if (back != local) continue;
    bool same_instant = std::any_of(possible.begin(), possible.end(), [&](const Candidate& c) {
      return zone.states[c.state].utcoffset == zone.states[actual].utcoffset;
    });
    if (!same_instant) possible.push_back({back, actual});
  }
  if (possible.size() == 1) return WithState(local, zone.states[possible[0].state]);
  if (possible.empty()) {
    // A skipped time: the state six hours earlier, moved forward again.
    DateTime earlier = LocalizeIn(zone, local - 6 * 3600 * kMicro);
    DateTime moved = FromMicros(ToMicros(earlier) + 6 * 3600 * kMicro);
    moved.utc_offset = earlier.utc_offset;
    moved.tz_name = earlier.tz_name;
    return moved;
  }
  std::vector<Candidate> standard;
  for (const Candidate& c : possible)
    if (zone.states[c.state].dst == 0) standard.push_back(c);
  if (standard.size() == 1) return WithState(local, zone.states[standard[0].state]);
  if (standard.empty()) standard = possible;
  // The latest instant (smallest offset) wins when is_dst is False.
  const Candidate* best = &standard[0];
  for (const Candidate& c : standard)
    if (zone.states[c.state].utcoffset < zone.states[best->state].utcoffset) best = &c;
  return WithState(local, zone.states[best->state]);
}

}  // namespace

int64_t UtcMicros(const DateTime& date) { return ToMicros(date) - int64_t{date.utc_offset.value_or(0)} * kMicro; }

std::optional<DateTime> Localize(const DateTime& date, std::string_view zone_name, std::string* error) {
  if (date.utc_offset) return date;
  const Zone* zone = LoadZone(zone_name, error);
  if (!zone) return std::nullopt;
  if (zone->is_static) return WithState(ToMicros(date), zone->states[0]);
  return LocalizeIn(*zone, ToMicros(date));
}

std::optional<DateTime> ToZone(const DateTime& aware, std::string_view zone_name, std::string* error) {
  const Zone* zone = LoadZone(zone_name, error);
  if (!zone) return std::nullopt;
  int64_t utc = UtcMicros(aware);
  const ZoneState& state = zone->states[zone->is_static ? 0 : StateIndexAt(*zone, utc)];
  return WithState(utc + state.utcoffset * kMicro, state);
}

}  // namespace stacks::content

// Both npm recognizers (the hand-written one and the one on node-semver's regular expressions)
// must read every range alike where the fast one accepts it: every node-semver range fixture
// goes through both, and the partial versions they send and the comparators desugared from
// them are compared.

#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>
#include <tbx/semver/npm/desugar.hpp>
#include <tbx/semver/npm/syntax.hpp>

using namespace tbx::semver;
using namespace tbx::semver::detail;

namespace {

std::string describe(const NpmPartial& p) {
    std::string out = std::to_string(static_cast<int>(p.op));
    for (const NpmPart& part : p.parts) {
        out += part.x ? " x" : " " + std::to_string(part.value);
    }
    out += " pre=" + std::string(p.pre);
    out += p.v_prefix ? " v" : "";
    out += p.odd_prefix ? " odd" : "";
    return out;
}

// Records what a recognizer sends, as text, and desugars it at the same time.
class Recorder final : public NpmSyntaxSink {
public:
    explicit Recorder(bool include_pre) : desugarer(include_pre) {}
    void comparator(const NpmPartial& partial) override {
        events.push_back(describe(partial));
        desugarer.comparator(partial);
    }
    void hyphen(const NpmPartial& from, const NpmPartial& to) override {
        events.push_back(describe(from) + " - " + describe(to));
        desugarer.hyphen(from, to);
    }
    std::vector<std::string> comparators() {
        std::vector<std::string> out;
        if (auto comps = desugarer.take()) {
            for (const auto& c : *comps) {
                out.push_back(c.value);
            }
        } else {
            out.push_back("(invalid)");
        }
        return out;
    }

    std::vector<std::string> events;
    NpmDesugarer desugarer;
};

// Range's raw text split into trimmed "||" parts, as parse_npm splits it.
std::vector<std::string> sets_of(std::string_view range) {
    std::string raw;
    for (char ch : tbx::core::trim(range)) {
        bool space = ch == ' ' || (ch >= '\t' && ch <= '\r');
        if (!space) {
            raw += ch;
        } else if (raw.back() != ' ') {
            raw += ' ';
        }
    }
    std::vector<std::string> out;
    std::string_view rest = raw;
    while (true) {
        std::size_t bar = rest.find("||");
        out.emplace_back(tbx::core::trim(rest.substr(0, bar)));
        if (bar == std::string_view::npos) {
            return out;
        }
        rest.remove_prefix(bar + 2);
    }
}

struct Row {
    std::string range;
    bool include_pre = false;
};

std::vector<Row> fixture_rows() {
    std::ifstream in(TBX_TEST_DATA_DIR "/semver/node-semver/ranges.jsonl");
    std::vector<Row> rows;
    std::string line;
    while (std::getline(in, line)) {
        auto row = nlohmann::json::parse(line);
        rows.push_back(
            {row.at("range").get<std::string>(), row.at("include_prerelease").get<bool>()});
    }
    return rows;
}

// Ranges beyond the fixtures where node keeps a version's own text: a "v" survives
// replaceGTE0 (">=v0.0.0" is not "*" in node-semver 7.8.5), "=" before a kept version is invalid.
const std::vector<std::string> k_quirks{
    ">=v0.0.0", "v0.0.0 - 1", "v0.0.0 - v2.0.0",  ">= v0.0.0",      "^v0.0.x", "=v1.2.3",
    "~>v1.2",   "<=v1.x",     "v1.2.3-beta - v2", "1.2.3 - =2.0.0", "x - 1",   "1 - x.x",
};

} // namespace

TEST_CASE("semver npm: both recognizers read node-semver's range fixtures alike", "[semver][npm]") {
    std::vector<Row> rows = fixture_rows();
    REQUIRE(rows.size() > 300);
    for (const std::string& quirk : k_quirks) {
        rows.push_back({quirk, false});
        rows.push_back({quirk, true});
    }
    std::size_t compared = 0;
    for (const Row& row : rows) {
        for (const std::string& set : sets_of(row.range)) {
            INFO("range '" << row.range << "', set '" << set << "'");
            Recorder fast(row.include_pre);
            if (!recognize_npm_fast(set, fast)) {
                continue; // declined: only the regex recognizer reads it
            }
            Recorder full(row.include_pre);
            REQUIRE(recognize_npm_regex(set, full));
            CHECK(fast.events == full.events);
            CHECK(fast.comparators() == full.comparators());
            ++compared;
        }
    }
    // Most fixture sets are in the fast recognizer's common forms.
    CHECK(compared > 250);
}

TEST_CASE("semver npm: the desugarer keeps a version's 'v' where node keeps its text",
          "[semver][npm]") {
    auto desugar = [](std::string_view set) {
        Recorder r(false);
        REQUIRE(recognize_npm_regex(set, r));
        return r.comparators();
    };
    CHECK(desugar(">=v0.0.0") == std::vector<std::string>{">=0.0.0"});
    CHECK(desugar(">=0.0.0") == std::vector<std::string>{""});
    CHECK(desugar("^v0.0.x") == std::vector<std::string>{"", "<0.1.0-0"});
    CHECK(desugar("=1.2.3 - 2") == std::vector<std::string>{"(invalid)"});
    CHECK(desugar("^9007199254740991") == std::vector<std::string>{"(invalid)"});
}

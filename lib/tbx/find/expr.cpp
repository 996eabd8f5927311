// The parser of find's command line: leading options, starting points, then an expression
// parsed by recursive descent with find's precedence (! over -a/juxtaposition over -o over ,).
// Every primary is one row of k_primaries: its name, how many arguments it takes, and the
// function that compiles it into a Node.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <regex.h>
#include <unistd.h>

#include <tbx/core/accounts.hpp>
#include <tbx/core/strings.hpp>
#include <tbx/find/datetime.hpp>
#include <tbx/find/expr_tree.hpp>

namespace tbx::find {

FindCommand::FindCommand() : list_widths(std::make_shared<ListWidths>()) {}
FindCommand::FindCommand(FindCommand&&) noexcept = default;
FindCommand& FindCommand::operator=(FindCommand&&) noexcept = default;
FindCommand::~FindCommand() = default;

OutputFile::~OutputFile() {
    if (fd >= 0) {
        ::close(fd);
    }
}

bool OutputFile::write(std::string_view bytes) {
    std::lock_guard lock(mutex);
    while (!bytes.empty() && !failed) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            failed = true;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return !failed;
}

// Evaluators, defined in eval.cpp.
bool eval_true(const Node&, EvalState&);
bool eval_false(const Node&, EvalState&);
bool eval_name(const Node&, EvalState&);
bool eval_path(const Node&, EvalState&);
bool eval_lname(const Node&, EvalState&);
bool eval_regex(const Node&, EvalState&);
bool eval_type(const Node&, EvalState&);
bool eval_xtype(const Node&, EvalState&);
bool eval_size(const Node&, EvalState&);
bool eval_empty(const Node&, EvalState&);
bool eval_perm(const Node&, EvalState&);
bool eval_uid(const Node&, EvalState&);
bool eval_gid(const Node&, EvalState&);
bool eval_nouser(const Node&, EvalState&);
bool eval_nogroup(const Node&, EvalState&);
bool eval_links(const Node&, EvalState&);
bool eval_inum(const Node&, EvalState&);
bool eval_samefile(const Node&, EvalState&);
bool eval_access(const Node&, EvalState&);
bool eval_newer(const Node&, EvalState&);
bool eval_age(const Node&, EvalState&);
bool eval_used(const Node&, EvalState&);
bool eval_fstype(const Node&, EvalState&);
bool eval_print(const Node&, EvalState&);
bool eval_fprint(const Node&, EvalState&);
bool eval_printf(const Node&, EvalState&);
bool eval_ls(const Node&, EvalState&);
bool eval_delete(const Node&, EvalState&);
bool eval_prune(const Node&, EvalState&);
bool eval_quit(const Node&, EvalState&);

namespace {

using NodePtr = std::shared_ptr<Node>;

Error parse_error(std::string message, std::string subject = {}) {
    return Error{ErrorKind::invalid_argument, std::move(message), std::move(subject)};
}

class Parser;
using ParseFn = Result<NodePtr> (*)(Parser& parser, const std::string& name);

// One row per primary.
struct Primary {
    const char* name;
    int arity; // arguments after the name; -1: up to ";" or "{} +"
    ParseFn parse;
};

// find's regular expression dialects and the syntax bits findutils gives each (gnulib's
// regextype.c).
struct RegexType {
    const char* name;
    reg_syntax_t syntax;
};
constexpr RegexType k_regex_types[] = {
    {"findutils-default", RE_SYNTAX_EMACS | RE_DOT_NEWLINE},
    {"ed", RE_SYNTAX_ED},
    {"emacs", RE_SYNTAX_EMACS},
    {"gnu-awk", RE_SYNTAX_GNU_AWK},
    {"grep", RE_SYNTAX_GREP},
    {"posix-awk", RE_SYNTAX_POSIX_AWK},
    {"awk", RE_SYNTAX_AWK},
    {"posix-basic", RE_SYNTAX_POSIX_BASIC},
    {"posix-egrep", RE_SYNTAX_POSIX_EGREP},
    {"egrep", RE_SYNTAX_EGREP},
    {"posix-extended", RE_SYNTAX_POSIX_EXTENDED},
    {"posix-minimal-basic", RE_SYNTAX_POSIX_MINIMAL_BASIC},
    {"sed", RE_SYNTAX_SED},
};

class Parser {
public:
    Parser(std::vector<std::string> tokens, FindCommand& command, const ParseSettings& settings)
        : m_tokens(std::move(tokens)), m_warn(settings.warn), m_command(command),
          m_settings(settings) {
        m_now = settings.now != 0 ? settings.now : std::time(nullptr);
        m_origin = timespec{m_now, 0};
    }

    Result<NodePtr> parse_all();

    // Helpers for the per-primary parse functions.
    Result<std::string> argument(const std::string& name);
    Result<NodePtr> glob_node(const std::string& name, EvalFn eval, CaseMode mode);
    FindCommand& command() { return m_command; }
    bool follow() const { return m_command.links == LinkMode::logical; }
    void set_daystart();
    [[nodiscard]] timespec origin() const { return m_origin; }
    /// The current time of -newermt's dates (ParseSettings::now when given).
    [[nodiscard]] timespec now() const {
        timespec now{m_now, 0};
        if (m_settings.now == 0) {
            clock_gettime(CLOCK_REALTIME, &now);
        }
        return now;
    }
    [[nodiscard]] reg_syntax_t regex_syntax() const { return m_regex_syntax; }
    void set_regex_syntax(reg_syntax_t syntax) { m_regex_syntax = syntax; }
    Result<std::vector<std::string>> exec_arguments(const std::string& name, bool& batched);
    std::vector<std::string>& warnings() { return m_command.warnings; }
    /// -warn / -nowarn (positional, as in find).
    void set_warn(bool warn) { m_warn = warn; }
    /// Warns, as find does, about a global option given after a test, action or operator.
    void global_option(const std::string& name) {
        if (m_warn && !m_first_non_option.empty()) {
            warnings().push_back("you have specified the global option " + name +
                                 " after the argument " + m_first_non_option +
                                 ", but global options are not positional, i.e., " + name +
                                 " affects tests specified before it as well as those "
                                 "specified after it.  Please specify global options before "
                                 "other arguments.");
        }
    }
    [[nodiscard]] bool warn() const { return m_warn; }
    std::shared_ptr<ExecBatches>& batches() { return m_command.batches; }
    std::vector<std::shared_ptr<OutputFile>>& outputs() { return m_outputs; }
    std::optional<std::string>& files0_from() { return m_files0_from; }

private:
    Result<NodePtr> parse_comma();
    Result<NodePtr> parse_or();
    Result<NodePtr> parse_and();
    Result<NodePtr> parse_unary();
    Result<NodePtr> parse_primary();
    [[nodiscard]] bool at_end() const { return m_pos >= m_tokens.size(); }
    [[nodiscard]] const std::string& peek() const { return m_tokens[m_pos]; }

    // Remembers the first token that is not an option, for global_option's warning.
    void saw_non_option(const std::string& token) {
        if (m_first_non_option.empty()) {
            m_first_non_option = token;
        }
    }

    std::vector<std::string> m_tokens;
    std::size_t m_pos = 0;
    std::string m_first_non_option;
    bool m_warn = false;
    FindCommand& m_command;
    const ParseSettings& m_settings;
    std::time_t m_now = 0;
    timespec m_origin{};
    bool m_daystart = false;
    reg_syntax_t m_regex_syntax = RE_SYNTAX_EMACS;
    std::vector<std::shared_ptr<OutputFile>> m_outputs;
    std::optional<std::string> m_files0_from;

public:
    /// Returns the file of the last -files0-from, if any.
    [[nodiscard]] const std::optional<std::string>& files0() const { return m_files0_from; }
};

NodePtr make_node(const std::string& name, EvalFn eval, bool needs_stat = false) {
    auto node = std::make_shared<NodePtr::element_type>();
    node->name = name;
    node->eval = eval;
    node->needs_stat = needs_stat;
    return node;
}

NodePtr make_op(Node::Op op, NodePtr lhs, NodePtr rhs = nullptr) {
    auto node = std::make_shared<Node>();
    node->op = op;
    node->needs_stat = (lhs && lhs->needs_stat) || (rhs && rhs->needs_stat);
    node->side_effects = (lhs && lhs->side_effects) || (rhs && rhs->side_effects);
    node->lhs = std::move(lhs);
    node->rhs = std::move(rhs);
    return node;
}

Result<std::string> Parser::argument(const std::string& name) {
    if (at_end()) {
        return tl::unexpected(parse_error("missing argument to " + name, name));
    }
    return m_tokens[m_pos++];
}

void Parser::set_daystart() {
    if (m_daystart) {
        return;
    }
    m_daystart = true;
    // findutils measures from the start of tomorrow, local time.
    std::time_t tomorrow = m_now + 86400;
    std::tm local{};
    if (localtime_r(&tomorrow, &local) != nullptr) {
        tomorrow -= local.tm_sec + local.tm_min * 60 + local.tm_hour * 3600;
    }
    m_origin = timespec{tomorrow, 0};
}

Result<NodePtr> Parser::glob_node(const std::string& name, EvalFn eval, CaseMode mode) {
    auto pattern = argument(name);
    if (!pattern) {
        return tl::unexpected(pattern.error());
    }
    auto glob = Glob::compile(*pattern, mode);
    if (!glob) {
        return tl::unexpected(parse_error(glob.error().message + " in " + name, *pattern));
    }
    NodePtr node = make_node(name, eval);
    node->glob = std::move(*glob);
    return node;
}

Result<std::vector<std::string>> Parser::exec_arguments(const std::string& name, bool& batched) {
    std::vector<std::string> argv;
    batched = false;
    while (!at_end()) {
        std::string arg = m_tokens[m_pos++];
        if (arg == ";") {
            if (argv.empty()) {
                break;
            }
            return argv;
        }
        if (arg == "+" && !argv.empty() && argv.back() == "{}") {
            batched = true;
            if (argv.size() == 1) {
                break;
            }
            return argv;
        }
        argv.push_back(std::move(arg));
    }
    return tl::unexpected(parse_error(argv.empty() ? "missing argument to " + name
                                                   : "missing argument to " + name +
                                                         " (it needs a command and ';' or "
                                                         "'{} +')",
                                      name));
}

// ---- numbers -------------------------------------------------------------------------------

// Parses find's "+N", "-N" or "N" (an integer; `decimals` allows "1.5" as the time tests do).
bool parse_number(std::string_view text, Cmp& cmp, double& value, bool decimals,
                  std::string_view* rest = nullptr) {
    cmp = Cmp::eq;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        cmp = text[0] == '+' ? Cmp::gt : Cmp::lt;
        text.remove_prefix(1);
        if (!text.empty() && text[0] == '+') {
            text.remove_prefix(1); // find reads the number with strtoumax, which takes a sign
        }
    }
    std::size_t digits = 0;
    while (digits < text.size() &&
           ((text[digits] >= '0' && text[digits] <= '9') || (decimals && text[digits] == '.'))) {
        ++digits;
    }
    if (digits == 0 || (rest == nullptr && digits != text.size())) {
        return false;
    }
    const std::string number(text.substr(0, digits));
    char* end = nullptr;
    value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) {
        return false;
    }
    if (rest != nullptr) {
        *rest = text.substr(digits);
    }
    return true;
}

Result<NodePtr> numeric_node(Parser& parser, const std::string& name, EvalFn eval, bool needs_stat,
                             bool decimals = false) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    NodePtr node = make_node(name, eval, needs_stat);
    if (!parse_number(*text, node->cmp, node->number, decimals)) {
        return tl::unexpected(parse_error("invalid argument to " + name, *text));
    }
    return node;
}

// ---- the per-primary parse functions ------------------------------------------------------

Result<NodePtr> parse_option_flag(Parser& parser, const std::string& name) {
    FindCommand& command = parser.command();
    if (name != "-follow" && name != "-daystart" && name != "-warn" && name != "-nowarn") {
        parser.global_option(name);
    }
    if (name == "-d" && parser.warn()) {
        parser.warnings().emplace_back("the -d option is deprecated; please use -depth instead, "
                                       "because the latter is a POSIX-compliant feature.");
    }
    if (name == "-warn" || name == "-nowarn") {
        parser.set_warn(name == "-warn");
    }
    if (name == "-depth" || name == "-d") {
        command.depth_first = true;
    } else if (name == "-xdev" || name == "-mount") {
        command.xdev = true;
    } else if (name == "-follow") {
        command.links = LinkMode::logical;
    } else if (name == "-daystart") {
        parser.set_daystart();
    }
    // -noleaf, -ignore_readdir_race, -noignore_readdir_race: nothing to do.
    return make_node(name, eval_true);
}

Result<NodePtr> parse_depth_limit(Parser& parser, const std::string& name) {
    parser.global_option(name);
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    Cmp cmp{};
    double value = 0;
    if (!parse_number(*text, cmp, value, false) || cmp != Cmp::eq) {
        return tl::unexpected(parse_error(
            "expected a positive decimal integer argument to " + name + ", but got", *text));
    }
    const auto depth = static_cast<std::size_t>(value);
    (name == "-maxdepth" ? parser.command().max_depth : parser.command().min_depth) = depth;
    return make_node(name, eval_true);
}

Result<NodePtr> parse_regextype(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    for (const RegexType& type : k_regex_types) {
        if (*text == type.name) {
            parser.set_regex_syntax(type.syntax);
            return make_node(name, eval_true);
        }
    }
    std::string known;
    for (const RegexType& type : k_regex_types) {
        known += std::string(known.empty() ? "" : ", ") + type.name;
    }
    return tl::unexpected(
        parse_error("unknown regular expression type; valid types are " + known, *text));
}

Result<NodePtr> parse_constant(Parser&, const std::string& name) {
    return make_node(name, name == "-true" ? eval_true : eval_false);
}

Result<NodePtr> parse_name(Parser& parser, const std::string& name) {
    const bool fold = name == "-iname";
    auto node =
        parser.glob_node(name, eval_name, fold ? CaseMode::insensitive : CaseMode::sensitive);
    if (node && (*node)->glob->contains_slash() && (*node)->glob->pattern() != "/") {
        parser.warnings().push_back(name +
                                    " matches base names only, so a pattern containing "
                                    "'/' never matches; did you mean -wholename? (" +
                                    (*node)->glob->pattern() + ")");
    }
    return node;
}

Result<NodePtr> parse_path(Parser& parser, const std::string& name) {
    const bool fold = name == "-ipath" || name == "-iwholename";
    auto node =
        parser.glob_node(name, eval_path, fold ? CaseMode::insensitive : CaseMode::sensitive);
    if (node && (*node)->glob->ends_with_slash()) {
        parser.warnings().push_back(name +
                                    " will not match anything because the pattern ends "
                                    "with '/' (" +
                                    (*node)->glob->pattern() + ")");
    }
    return node;
}

Result<NodePtr> parse_lname(Parser& parser, const std::string& name) {
    return parser.glob_node(name, eval_lname,
                            name == "-ilname" ? CaseMode::insensitive : CaseMode::sensitive);
}

Result<NodePtr> parse_regex(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    std::shared_ptr<re_pattern_buffer> regex(new re_pattern_buffer{}, [](re_pattern_buffer* re) {
        regfree(re);
        delete re;
    });
    reg_syntax_t syntax = parser.regex_syntax();
    if (name == "-iregex") {
        syntax |= RE_ICASE;
    }
    re_set_syntax(syntax);
    if (const char* message = re_compile_pattern(text->data(), text->size(), regex.get())) {
        return tl::unexpected(parse_error(std::string(message) + " in " + name, *text));
    }
    NodePtr node = make_node(name, eval_regex);
    node->regex = std::move(regex);
    return node;
}

Result<NodePtr> parse_type(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    NodePtr node = make_node(name, name == "-xtype" ? eval_xtype : eval_type, name == "-xtype");
    static constexpr std::string_view k_letters = "fdlpsbcD";
    bool expect_letter = true;
    for (const char c : *text) {
        const std::size_t index = k_letters.find(c);
        if (expect_letter && index != std::string_view::npos) {
            const unsigned bit = 1U << index;
            if ((node->type_mask & bit) != 0) {
                return tl::unexpected(parse_error("duplicate file type in " + name, *text));
            }
            node->type_mask |= bit;
        } else if (expect_letter || c != ',') {
            return tl::unexpected(parse_error(
                "unknown argument to " + name + ", expected f, d, l, p, s, b, c or D", *text));
        }
        expect_letter = !expect_letter;
    }
    if (expect_letter) {
        return tl::unexpected(parse_error("unknown argument to " + name +
                                              ", expected f, d, l, "
                                              "p, s, b, c or D",
                                          *text));
    }
    return node;
}

Result<NodePtr> parse_size(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    NodePtr node = make_node(name, eval_size, true);
    std::string_view rest;
    if (!parse_number(*text, node->cmp, node->number, false, &rest) || rest.size() > 1) {
        return tl::unexpected(parse_error("invalid argument to -size", *text));
    }
    const char unit = rest.empty() ? 'b' : rest[0];
    switch (unit) {
    case 'b':
        node->unit = 512;
        break;
    case 'c':
        node->unit = 1;
        break;
    case 'w':
        node->unit = 2;
        break;
    case 'k':
        node->unit = 1024;
        break;
    case 'M':
        node->unit = 1024.0 * 1024;
        break;
    case 'G':
        node->unit = 1024.0 * 1024 * 1024;
        break;
    default:
        return tl::unexpected(parse_error("invalid -size type", *text));
    }
    return node;
}

// Applies one chmod-style clause ("u+x", "go=r", "a-w") to `mode`, as mode_adjust from 0 does.
bool apply_symbolic(std::string_view clause, mode_t& mode, bool directory) {
    mode_t who = 0;
    std::size_t i = 0;
    for (; i < clause.size() && std::strchr("ugoa", clause[i]) != nullptr; ++i) {
        who |= clause[i] == 'u'   ? 04700
               : clause[i] == 'g' ? 02070
               : clause[i] == 'o' ? 01007
                                  : 07777;
    }
    if (i == clause.size()) {
        return false;
    }
    const mode_t mask = who == 0 ? 07777 & ~0 : who; // find ignores the umask for -perm
    while (i < clause.size()) {
        const char op = clause[i++];
        if (op != '+' && op != '-' && op != '=') {
            return false;
        }
        mode_t bits = 0;
        for (; i < clause.size() && std::strchr("+-=", clause[i]) == nullptr; ++i) {
            switch (clause[i]) {
            case 'r':
                bits |= 0444;
                break;
            case 'w':
                bits |= 0222;
                break;
            case 'x':
                bits |= 0111;
                break;
            case 'X':
                bits |= directory || (mode & 0111) != 0 ? 0111 : 0;
                break;
            case 's':
                bits |= 06000;
                break;
            case 't':
                bits |= 01000;
                break;
            case 'u':
                bits |= ((mode >> 6) & 7) * 0111;
                break;
            case 'g':
                bits |= ((mode >> 3) & 7) * 0111;
                break;
            case 'o':
                bits |= (mode & 7) * 0111;
                break;
            default:
                return false;
            }
        }
        bits &= mask;
        if (op == '+') {
            mode |= bits;
        } else if (op == '-') {
            mode &= ~bits;
        } else {
            mode = (mode & ~(mask & 07777)) | bits;
        }
    }
    return true;
}

Result<NodePtr> parse_perm(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    NodePtr node = make_node(name, eval_perm, true);
    std::string_view spec = *text;
    if (!spec.empty() && (spec[0] == '-' || spec[0] == '/')) {
        node->perm_kind = spec[0];
        spec.remove_prefix(1);
    }
    const bool octal =
        !spec.empty() && spec.find_first_not_of("01234567") == std::string_view::npos;
    if (octal) {
        node->mode = static_cast<mode_t>(std::stoul(std::string(spec), nullptr, 8)) & 07777;
        node->dir_mode = node->mode;
        if (spec.size() > 4 && std::stoul(std::string(spec), nullptr, 8) > 07777) {
            return tl::unexpected(parse_error("invalid mode", *text));
        }
        return node;
    }
    // As findutils does: one mode for files and one for directories, which differ by 'X'.
    for (const bool directory : {false, true}) {
        mode_t mode = 0;
        std::size_t start = 0;
        while (start <= spec.size()) {
            std::size_t end = spec.find(',', start);
            end = end == std::string_view::npos ? spec.size() : end;
            if (!apply_symbolic(spec.substr(start, end - start), mode, directory)) {
                return tl::unexpected(parse_error("invalid mode", *text));
            }
            start = end + 1;
        }
        (directory ? node->dir_mode : node->mode) = mode;
    }
    return node;
}

Result<NodePtr> parse_owner(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    const bool user = name == "-user";
    NodePtr node = make_node(name, user ? eval_uid : eval_gid, true);
    if (auto id = user ? core::user_id(*text) : core::group_id(*text)) {
        node->number = *id;
        return node;
    }
    if (text->empty() || text->find_first_not_of("0123456789") != std::string::npos) {
        return tl::unexpected(parse_error(std::string(user ? "user" : "group") +
                                              " is not the name of a known " +
                                              (user ? "user" : "group"),
                                          *text));
    }
    node->number = std::strtod(text->c_str(), nullptr);
    return node;
}

Result<NodePtr> parse_id(Parser& parser, const std::string& name) {
    const bool user = name == "-uid";
    return numeric_node(parser, name, user ? eval_uid : eval_gid, true);
}

Result<NodePtr> parse_noowner(Parser&, const std::string& name) {
    return make_node(name, name == "-nouser" ? eval_nouser : eval_nogroup, true);
}

Result<NodePtr> parse_numeric(Parser& parser, const std::string& name) {
    if (name == "-links") {
        return numeric_node(parser, name, eval_links, true);
    }
    if (name == "-inum") {
        return numeric_node(parser, name, eval_inum, false);
    }
    return numeric_node(parser, name, eval_used, true);
}

Result<NodePtr> parse_stateless(Parser& parser, const std::string& name) {
    if (name == "-empty") {
        return make_node(name, eval_empty, true);
    }
    if (name == "-readable" || name == "-writable" || name == "-executable") {
        NodePtr node = make_node(name, eval_access);
        node->mode = name == "-readable" ? R_OK : name == "-writable" ? W_OK : X_OK;
        return node;
    }
    NodePtr node = make_node(name, name == "-prune" ? eval_prune : eval_quit);
    if (name == "-quit") {
        // Which entry comes "first" is only find's order on one thread.
        node->side_effects = true;
        parser.command().needs_serial = true;
    }
    return node;
}

// Reads the reference file of -newer, -samefile and -newerXY.
Result<struct stat> reference_stat(Parser& parser, const std::string& name,
                                   const std::string& path) {
    struct stat st {};
    int rc = parser.follow() || parser.command().links == LinkMode::command_line
                 ? ::stat(path.c_str(), &st)
                 : ::lstat(path.c_str(), &st);
    if (rc != 0 && parser.command().links != LinkMode::physical &&
        (errno == ENOENT || errno == ENOTDIR)) {
        rc = ::lstat(path.c_str(), &st); // a broken link is itself, as find -H / -L see it
    }
    if (rc != 0) {
        return tl::unexpected(
            parse_error(std::string(std::strerror(errno)) + " (the file of " + name + ")", path));
    }
    return st;
}

Result<NodePtr> parse_newer(Parser& parser, const std::string& name) {
    auto path = parser.argument(name);
    if (!path) {
        return tl::unexpected(path.error());
    }
    NodePtr node = make_node(name, eval_newer, true);
    char reference_field = 'm';
    if (name == "-anewer" || name == "-cnewer") {
        node->time_field = name[1];
    } else if (name.size() == 8 && name.starts_with("-newer")) {
        node->time_field = name[6];
        reference_field = name[7];
        const auto valid = std::string_view("acmB");
        if (valid.find(node->time_field) == std::string_view::npos ||
            (valid.find(reference_field) == std::string_view::npos && reference_field != 't')) {
            return tl::unexpected(parse_error("invalid predicate", name));
        }
    }
    if (reference_field == 't') {
        const auto date = parse_datetime(*path, parser.now());
        if (!date) {
            return tl::unexpected(parse_error("I cannot figure out how to interpret " +
                                                  std::string("`") + *path + "' as a date or time",
                                              *path));
        }
        node->reference = *date;
        return node;
    }
    auto st = reference_stat(parser, name, *path);
    if (!st) {
        return tl::unexpected(st.error());
    }
    if (reference_field == 'B') {
        return tl::unexpected(
            parse_error("birth times of reference files are not supported", name));
    }
    node->reference = stat_time(*st, reference_field);
    return node;
}

Result<NodePtr> parse_samefile(Parser& parser, const std::string& name) {
    auto path = parser.argument(name);
    if (!path) {
        return tl::unexpected(path.error());
    }
    auto st = reference_stat(parser, name, *path);
    if (!st) {
        return tl::unexpected(st.error());
    }
    NodePtr node = make_node(name, eval_samefile, true);
    node->dev = st->st_dev;
    node->ino = st->st_ino;
    return node;
}

Result<NodePtr> parse_time(Parser& parser, const std::string& name) {
    // -amin -atime -cmin -ctime -mmin -mtime
    auto node = numeric_node(parser, name, eval_age, true, true);
    if (node) {
        (*node)->time_field = name[1];
        (*node)->unit = name.ends_with("min") ? 60 : 86400;
        (*node)->reference = parser.origin();
        if (name.ends_with("min")) {
            // -mmin counts from the moment find started, even after -daystart.
            (*node)->reference = timespec{parser.origin().tv_sec, 0};
        }
    }
    return node;
}

Result<NodePtr> parse_fstype(Parser& parser, const std::string& name) {
    auto text = parser.argument(name);
    if (!text) {
        return tl::unexpected(text.error());
    }
    NodePtr node = make_node(name, eval_fstype, true);
    FormatPiece type; // the file system type to compare with
    type.literal = *text;
    node->format.push_back(std::move(type));
    return node;
}

Result<std::shared_ptr<OutputFile>> open_output(Parser& parser, const std::string& name,
                                                const std::string& path) {
    // Two names for one file (a link, the same path twice) share one stream, as in find.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        for (const auto& open : parser.outputs()) {
            if (open->dev == st.st_dev && open->ino == st.st_ino) {
                return open;
            }
        }
    }
    auto file = std::make_shared<OutputFile>();
    file->path = path;
    if (path == "/dev/stdout") {
        file->fd = ::dup(STDOUT_FILENO);
    } else if (path == "/dev/stderr") {
        file->fd = ::dup(STDERR_FILENO);
    } else {
        file->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    }
    if (file->fd < 0) {
        return tl::unexpected(
            parse_error(std::string(std::strerror(errno)) + " (the file of " + name + ")", path));
    }
    if (fstat(file->fd, &st) == 0) {
        file->dev = st.st_dev;
        file->ino = st.st_ino;
    }
    parser.outputs().push_back(file);
    return file;
}

Result<NodePtr> parse_print(Parser& parser, const std::string& name) {
    const bool to_file = name.starts_with("-f");
    NodePtr node;
    if (name == "-print" || name == "-print0" || name == "-fprint" || name == "-fprint0") {
        node = make_node(name, to_file ? eval_fprint : eval_print);
        node->terminator = name.ends_with('0') ? '\0' : '\n';
    } else if (name == "-ls" || name == "-fls") {
        node = make_node(name, eval_ls, true);
    } else {
        node = make_node(name, eval_printf);
    }
    node->side_effects = true;
    if (to_file) {
        auto path = parser.argument(name);
        if (!path) {
            return tl::unexpected(path.error());
        }
        auto file = open_output(parser, name, *path);
        if (!file) {
            return tl::unexpected(file.error());
        }
        node->file = std::move(*file);
        parser.command().needs_serial = true;
    }
    if (name == "-printf" || name == "-fprintf") {
        auto format = parser.argument(name);
        if (!format) {
            return tl::unexpected(format.error());
        }
        node->format = parse_format(*format, parser.warnings());
        node->eval = eval_printf;
    }
    return node;
}

// Returns the PATH entry that makes -execdir unsafe (".", an empty or a relative entry).
std::optional<std::string> unsafe_path_entry() {
    const char* path = std::getenv("PATH");
    if (path == nullptr) {
        return std::nullopt;
    }
    std::string_view rest = path;
    for (;;) {
        const std::size_t colon = rest.find(':');
        const std::string_view entry = rest.substr(0, colon);
        if (entry.empty() || entry[0] != '/') {
            return entry.empty() ? std::string("the current directory (an empty entry)")
                                 : "the relative directory '" + std::string(entry) + "'";
        }
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        rest.remove_prefix(colon + 1);
    }
}

Result<NodePtr> parse_files0_from(Parser& parser, const std::string& name) {
    parser.global_option(name);
    auto path = parser.argument(name);
    if (!path) {
        return tl::unexpected(path.error());
    }
    parser.files0_from() = *path;
    return make_node(name, eval_true);
}

Result<NodePtr> parse_exec(Parser& parser, const std::string& name) {
    auto spec = std::make_shared<ExecSpec>();
    auto argv = parser.exec_arguments(name, spec->batched);
    if (!argv) {
        return tl::unexpected(argv.error());
    }
    spec->argv = std::move(*argv);
    spec->in_dir = name.ends_with("dir");
    if (spec->in_dir) {
        if (auto unsafe = unsafe_path_entry()) {
            return tl::unexpected(
                parse_error(*unsafe +
                                " is in the PATH environment variable, which is insecure in "
                                "combination with " +
                                name + "; remove it from $PATH",
                            name));
        }
    }
    spec->ask = name.starts_with("-ok");
    if (spec->batched && spec->ask) {
        return tl::unexpected(parse_error("the form '{} +' is not supported by " + name, name));
    }
    if (spec->batched) {
        for (std::size_t i = 0; i + 1 < spec->argv.size(); ++i) {
            if (spec->argv[i].find("{}") != std::string::npos) {
                return tl::unexpected(parse_error(
                    "only one instance of {} is supported with " + name + " ... +", name));
            }
        }
        if (!parser.batches()) {
            parser.batches() = std::make_shared<ExecBatches>();
        }
        spec->index = parser.batches()->add_slot();
    }
    NodePtr node = make_node(name, eval_exec);
    node->exec = std::move(spec);
    node->side_effects = true;
    parser.command().needs_serial = true;
    return node;
}

Result<NodePtr> parse_delete(Parser& parser, const std::string& name) {
    NodePtr node = make_node(name, eval_delete);
    node->side_effects = true;
    parser.command().depth_first = true;
    parser.command().needs_serial = true;
    return node;
}

constexpr Primary k_primaries[] = {
    // Options: always true, they configure the walk or the tests after them.
    {"-depth", 0, parse_option_flag},
    {"-d", 0, parse_option_flag},
    {"-xdev", 0, parse_option_flag},
    {"-mount", 0, parse_option_flag},
    {"-follow", 0, parse_option_flag},
    {"-daystart", 0, parse_option_flag},
    {"-noleaf", 0, parse_option_flag},
    {"-warn", 0, parse_option_flag},
    {"-nowarn", 0, parse_option_flag},
    {"-ignore_readdir_race", 0, parse_option_flag},
    {"-noignore_readdir_race", 0, parse_option_flag},
    {"-maxdepth", 1, parse_depth_limit},
    {"-mindepth", 1, parse_depth_limit},
    {"-regextype", 1, parse_regextype},
    {"-files0-from", 1, parse_files0_from},
    // Tests.
    {"-true", 0, parse_constant},
    {"-false", 0, parse_constant},
    {"-name", 1, parse_name},
    {"-iname", 1, parse_name},
    {"-path", 1, parse_path},
    {"-ipath", 1, parse_path},
    {"-wholename", 1, parse_path},
    {"-iwholename", 1, parse_path},
    {"-lname", 1, parse_lname},
    {"-ilname", 1, parse_lname},
    {"-regex", 1, parse_regex},
    {"-iregex", 1, parse_regex},
    {"-type", 1, parse_type},
    {"-xtype", 1, parse_type},
    {"-size", 1, parse_size},
    {"-empty", 0, parse_stateless},
    {"-perm", 1, parse_perm},
    {"-user", 1, parse_owner},
    {"-group", 1, parse_owner},
    {"-uid", 1, parse_id},
    {"-gid", 1, parse_id},
    {"-nouser", 0, parse_noowner},
    {"-nogroup", 0, parse_noowner},
    {"-links", 1, parse_numeric},
    {"-inum", 1, parse_numeric},
    {"-used", 1, parse_numeric},
    {"-samefile", 1, parse_samefile},
    {"-readable", 0, parse_stateless},
    {"-writable", 0, parse_stateless},
    {"-executable", 0, parse_stateless},
    {"-newer", 1, parse_newer},
    {"-anewer", 1, parse_newer},
    {"-cnewer", 1, parse_newer},
    {"-amin", 1, parse_time},
    {"-atime", 1, parse_time},
    {"-cmin", 1, parse_time},
    {"-ctime", 1, parse_time},
    {"-mmin", 1, parse_time},
    {"-mtime", 1, parse_time},
    {"-fstype", 1, parse_fstype},
    // Actions.
    {"-print", 0, parse_print},
    {"-print0", 0, parse_print},
    {"-printf", 1, parse_print},
    {"-fprint", 1, parse_print},
    {"-fprint0", 1, parse_print},
    {"-fprintf", 2, parse_print},
    {"-ls", 0, parse_print},
    {"-fls", 1, parse_print},
    {"-exec", -1, parse_exec},
    {"-execdir", -1, parse_exec},
    {"-ok", -1, parse_exec},
    {"-okdir", -1, parse_exec},
    {"-delete", 0, parse_delete},
    {"-prune", 0, parse_stateless},
    {"-quit", 0, parse_stateless},
};

const Primary* lookup(std::string_view name) {
    for (const Primary& primary : k_primaries) {
        if (name == primary.name) {
            return &primary;
        }
    }
    if (name.size() == 8 && name.starts_with("-newer")) {
        static constexpr Primary k_newer_xy{"-newerXY", 1, parse_newer};
        return &k_newer_xy;
    }
    return nullptr;
}

Result<NodePtr> Parser::parse_all() {
    if (at_end()) {
        return make_node("-true", eval_true);
    }
    auto node = parse_comma();
    if (!node) {
        return node;
    }
    if (!at_end()) {
        const std::string& token = peek();
        if (token == ")") {
            return tl::unexpected(parse_error("invalid expression; you have too many ')'", token));
        }
        return tl::unexpected(parse_error("paths must precede expression", token));
    }
    return node;
}

Result<NodePtr> Parser::parse_comma() {
    auto lhs = parse_or();
    while (lhs && !at_end() && peek() == ",") {
        ++m_pos;
        auto rhs = parse_or();
        if (!rhs) {
            return rhs;
        }
        lhs = make_op(Node::Op::comma, *lhs, *rhs);
    }
    return lhs;
}

Result<NodePtr> Parser::parse_or() {
    auto lhs = parse_and();
    while (lhs && !at_end() && (peek() == "-o" || peek() == "-or")) {
        ++m_pos;
        auto rhs = parse_and();
        if (!rhs) {
            return rhs;
        }
        lhs = make_op(Node::Op::or_op, *lhs, *rhs);
    }
    return lhs;
}

Result<NodePtr> Parser::parse_and() {
    auto lhs = parse_unary();
    while (lhs && !at_end()) {
        const std::string& token = peek();
        if (token == "-o" || token == "-or" || token == "," || token == ")") {
            break;
        }
        if (token == "-a" || token == "-and") {
            ++m_pos;
        }
        auto rhs = parse_unary();
        if (!rhs) {
            return rhs;
        }
        lhs = make_op(Node::Op::and_op, *lhs, *rhs);
    }
    return lhs;
}

Result<NodePtr> Parser::parse_unary() {
    if (at_end()) {
        const std::string last = m_pos > 0 ? m_tokens[m_pos - 1] : std::string();
        return tl::unexpected(
            parse_error("invalid expression; expected an expression after '" + last + "'", last));
    }
    const std::string token = peek();
    if (token == "!" || token == "-not" || token == "(") {
        saw_non_option(token);
    }
    if (token == "!" || token == "-not") {
        ++m_pos;
        auto operand = parse_unary();
        if (!operand) {
            return operand;
        }
        return make_op(Node::Op::not_op, *operand);
    }
    if (token == "(") {
        ++m_pos;
        if (!at_end() && peek() == ")") {
            return tl::unexpected(
                parse_error("invalid expression; empty parentheses are not allowed", "( )"));
        }
        auto inner = parse_comma();
        if (!inner) {
            return inner;
        }
        if (at_end() || peek() != ")") {
            return tl::unexpected(parse_error(
                "invalid expression; I was expecting to find a ')' somewhere but did not see one",
                "("));
        }
        ++m_pos;
        return inner;
    }
    if (token == "-o" || token == "-or" || token == "-a" || token == "-and" || token == ",") {
        return tl::unexpected(parse_error("invalid expression; you have used a binary operator '" +
                                              token + "' with nothing before it",
                                          token));
    }
    if (token == ")") {
        return tl::unexpected(parse_error(
            "invalid expression; you have too many ')' or a missing expression before it", token));
    }
    return parse_primary();
}

Result<NodePtr> Parser::parse_primary() {
    const std::string name = m_tokens[m_pos];
    if (name.empty() || name[0] != '-') {
        const std::string previous = m_pos >= 2 ? m_tokens[m_pos - 2] : std::string();
        if (previous.find("name") != std::string::npos ||
            previous.find("path") != std::string::npos) {
            return tl::unexpected(parse_error(
                "paths must precede expression, but '" + name + "' follows " + previous +
                    " and its pattern; the shell probably expanded an unquoted pattern: quote "
                    "it, e.g. " +
                    previous + " '*.txt'",
                name));
        }
        return tl::unexpected(parse_error("paths must precede expression", name));
    }
    const Primary* primary = lookup(name);
    if (primary == nullptr) {
        return tl::unexpected(parse_error("unknown predicate", name));
    }
    ++m_pos;
    if (primary->parse != parse_option_flag && primary->parse != parse_depth_limit &&
        primary->parse != parse_regextype && primary->parse != parse_files0_from) {
        saw_non_option(name);
    }
    auto node = primary->parse(*this, name);
    if (node && (*node)->needs_stat) {
        m_command.needs_stat = true;
    }
    return node;
}

// find's rule for where the starting points end (findutils' looks_like_expression).
bool looks_like_expression(std::string_view arg, bool leading) {
    if (arg.empty()) {
        return false;
    }
    switch (arg[0]) {
    case '-':
        return arg.size() > 1;
    case ')':
    case ',':
        return arg.size() == 1 && !leading;
    case '!':
    case '(':
        return arg.size() == 1;
    default:
        return false;
    }
}

// Reads -H, -L, -P, -D, -O and "--" before the starting points; returns the next index.
Result<std::size_t> leading_options(const std::vector<std::string>& args, FindCommand& command) {
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-H") {
            command.links = LinkMode::command_line;
        } else if (arg == "-L") {
            command.links = LinkMode::logical;
        } else if (arg == "-P") {
            command.links = LinkMode::physical;
        } else if (arg == "-D") {
            if (i + 1 >= args.size()) {
                return tl::unexpected(parse_error("missing argument after the -D option", arg));
            }
            ++i;
            command.warnings.push_back("-D debug options are accepted and ignored (" + args[i] +
                                       ")");
        } else if (arg.starts_with("-D")) {
            command.warnings.push_back("-D debug options are accepted and ignored (" +
                                       arg.substr(2) + ")");
        } else if (arg.starts_with("-O")) {
            const std::string level = arg.substr(2);
            if (level.empty() || level.find_first_not_of("0123456789") != std::string::npos) {
                return tl::unexpected(parse_error(
                    "the -O option must be immediately followed by a decimal integer", arg));
            }
        } else if (arg == "--") {
            return i + 1;
        } else {
            break;
        }
    }
    return i;
}

// tbx's long options and the find primaries they stand for: the one list the parser, the
// command's --help, man page and completions read (long_options()).
constexpr LongOption k_long_options[] = {
    {"--name", "-name", "GLOB", "Last component matches GLOB (find -name)", true},
    {"--iname", "-iname", "GLOB", "Like --name, ignoring case", true},
    {"--wholename,--path", "-wholename", "GLOB",
     "Whole path matches GLOB; '*' matches '/' too (find -wholename)", true},
    {"--iwholename,--ipath", "-iwholename", "GLOB", "Like --wholename, ignoring case", true},
    {"--type", "-type", "TYPE",
     "Entry type: f file, d directory, l symlink, p fifo, s socket, b block, c character "
     "device, D door; comma-separated or repeated for several",
     false, "", 0, "f,d,l,p,s,b,c,D"},
    {"--maxdepth", "-maxdepth", "N", "Descend at most N levels below the starting points", false,
     "", 0, nullptr, true},
    {"--mindepth", "-mindepth", "N", "Test nothing shallower than N levels", false, "", 0, nullptr,
     true},
    {"-e,--extension", "-name", "EXT",
     "File name ends with .EXT (fd's -e); repeat for several, ORed", false, "*."},
    {"-L,--follow", nullptr, nullptr, "Follow symbolic links (find -L; loops are reported)", false,
     "", 'L'},
    {"--xdev", "-xdev", nullptr, "Do not descend into other file systems"},
    {"-0,--print0", nullptr, nullptr, "End each printed path with NUL, for xargs -0", false, "",
     '0'},
};

// Finds the long option `arg` spells (with "--name=VALUE", sets inline_value and has_inline).
const LongOption* long_option(std::string_view arg, std::string_view& inline_value,
                              bool& has_inline) {
    has_inline = false;
    const std::size_t equals = arg.find('=');
    if (arg.starts_with("--") && equals != std::string_view::npos) {
        inline_value = arg.substr(equals + 1);
        arg = arg.substr(0, equals);
        has_inline = true;
    }
    for (const LongOption& option : k_long_options) {
        if (option.value_name == nullptr && has_inline) {
            continue;
        }
        for (const auto name : core::split(option.names, ',')) {
            if (name == arg) {
                return &option;
            }
        }
    }
    return nullptr;
}

// Copies one find-style token and the arguments that belong to it.
std::size_t copy_find_token(const std::vector<std::string>& args, std::size_t i,
                            std::vector<std::string>& out) {
    out.push_back(args[i]);
    const int arity = primary_arity(args[i]);
    std::size_t next = i + 1;
    if (arity > 0) {
        for (int n = 0; n < arity && next < args.size(); ++n) {
            out.push_back(args[next++]);
        }
    } else if (arity < 0) {
        while (next < args.size()) {
            const std::string& arg = args[next++];
            out.push_back(arg);
            if (arg == ";" || (arg == "+" && out[out.size() - 2] == "{}")) {
                break;
            }
        }
    }
    return next;
}

// The values of one long option kind: {find primary, value prefix, values}.
struct LongGroup {
    std::string form;
    std::string prefix;
    std::vector<std::string> values;
};

// Writes the long options as find tokens, ( A -o B ) per kind, ANDed before `find_tokens`.
std::vector<std::string> group_tokens(const std::vector<LongGroup>& groups,
                                      const std::vector<std::string>& find_tokens) {
    std::vector<std::string> tokens;
    for (const auto& [form, prefix, values] : groups) {
        if (values.size() <= 1 || form == "-maxdepth" || form == "-mindepth") {
            tokens.push_back(form);
            if (!values.empty()) {
                tokens.push_back(values.back());
            }
            continue;
        }
        tokens.emplace_back("(");
        for (const std::string& value : values) {
            if (tokens.back() != "(") {
                tokens.emplace_back("-o");
            }
            tokens.push_back(form);
            tokens.push_back(value);
        }
        tokens.emplace_back(")");
    }
    if (!find_tokens.empty() && !tokens.empty()) {
        tokens.emplace_back("(");
        tokens.insert(tokens.end(), find_tokens.begin(), find_tokens.end());
        tokens.emplace_back(")");
        return tokens;
    }
    return tokens.empty() ? find_tokens : tokens;
}

// Splits the arguments after the leading starting points into the find-style expression and
// the long options, which become an ANDed group of ORed alternatives placed first.
Result<std::vector<std::string>> expand_long_style(const std::vector<std::string>& args,
                                                   std::size_t start, FindCommand& command,
                                                   ParseSettings& settings) {
    std::vector<std::string> find_tokens;
    std::vector<LongGroup> groups;
    bool seen_find = false;
    std::string after_pattern; // the pattern option just read, as spelled
    std::size_t i = start;
    while (i < args.size()) {
        std::string_view inline_value;
        bool has_inline = false;
        const LongOption* option = long_option(args[i], inline_value, has_inline);
        if (option != nullptr) {
            const bool takes_value = option->value_name != nullptr;
            std::string value;
            const std::string spelled = args[i].substr(0, args[i].find('='));
            if (takes_value) {
                if (!has_inline && i + 1 >= args.size()) {
                    return tl::unexpected(parse_error("missing argument to " + args[i], args[i]));
                }
                value = has_inline ? std::string(inline_value) : args[++i];
            }
            ++i;
            after_pattern = option->pattern ? spelled : std::string();
            if (option->setting == 'L') {
                command.links = LinkMode::logical;
                continue;
            }
            if (option->setting == '0') {
                settings.implied_terminator = '\0';
                continue;
            }
            auto group = std::find_if(groups.begin(), groups.end(), [&](const LongGroup& g) {
                return g.form == option->find_form && g.prefix == option->value_prefix;
            });
            if (group == groups.end()) {
                groups.push_back(LongGroup{option->find_form, option->value_prefix, {}});
                group = groups.end() - 1;
            }
            if (takes_value) {
                if (*option->value_prefix != '\0' && value.starts_with('.')) {
                    value.erase(0, 1); // -e .rs is -e rs
                }
                group->values.push_back(option->value_prefix + value);
            }
            continue;
        }
        if (!seen_find && !looks_like_expression(args[i], false)) {
            if (!after_pattern.empty()) {
                return tl::unexpected(parse_error(
                    std::string("paths must come before the patterns, but '") + args[i] +
                        "' follows " + after_pattern +
                        "; the shell probably expanded an unquoted pattern: quote it, e.g. " +
                        after_pattern + " '*.txt'",
                    args[i]));
            }
            command.roots.push_back(args[i++]);
            continue;
        }
        seen_find = true;
        i = copy_find_token(args, i, find_tokens);
    }
    return group_tokens(groups, find_tokens);
}

// True when the expression reads standard input (-ok, -okdir).
bool settings_uses_stdin(const Node& node) {
    if (node.exec && node.exec->ask) {
        return true;
    }
    return (node.lhs && settings_uses_stdin(*node.lhs)) ||
           (node.rhs && settings_uses_stdin(*node.rhs));
}

// Reads the NUL-separated starting points of -files0-from ("-": standard input).
Result<std::vector<std::string>> read_files0(const std::string& file, const FindCommand& command,
                                             bool uses_stdin) {
    if (command.roots.size() != 1 || command.roots[0] != "." || command.explicit_roots) {
        return tl::unexpected(
            parse_error("extra operand: starting points cannot be given with -files0-from", file));
    }
    if (file == "-" && uses_stdin) {
        return tl::unexpected(parse_error(
            "-files0-from - reads standard input, which -ok and -okdir need for answers", file));
    }
    const int fd = file == "-" ? STDIN_FILENO : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return tl::unexpected(
            parse_error(std::string(std::strerror(errno)) + " (the file of -files0-from)", file));
    }
    std::string data;
    char buffer[65536];
    for (ssize_t n = 0; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int err = errno;
            if (fd != STDIN_FILENO) {
                ::close(fd);
            }
            return tl::unexpected(
                parse_error(std::string(std::strerror(err)) + " (the file of -files0-from)", file));
        }
        data.append(buffer, static_cast<std::size_t>(n));
    }
    if (fd != STDIN_FILENO) {
        ::close(fd);
    }
    std::vector<std::string> roots;
    std::size_t start = 0;
    while (start < data.size()) {
        std::size_t end = data.find('\0', start);
        end = end == std::string::npos ? data.size() : end;
        if (end == start) {
            return tl::unexpected(
                parse_error("invalid zero-length file name in -files0-from", file));
        }
        roots.push_back(data.substr(start, end - start));
        start = end + 1;
    }
    return roots;
}

} // namespace

std::span<const LongOption> long_options() {
    return k_long_options;
}

std::vector<std::string_view> primary_names() {
    std::vector<std::string_view> names;
    for (const Primary& primary : k_primaries) {
        names.emplace_back(primary.name);
    }
    return names;
}

int primary_arity(std::string_view arg) {
    const Primary* primary = lookup(arg);
    return primary == nullptr ? 0 : primary->arity;
}

Result<FindCommand> parse_find_command(const std::vector<std::string>& args,
                                       const ParseSettings& settings) {
    FindCommand command;
    auto next = leading_options(args, command);
    if (!next) {
        return tl::unexpected(next.error());
    }
    std::size_t i = *next;
    for (; i < args.size() && !looks_like_expression(args[i], true); ++i) {
        command.roots.push_back(args[i]);
    }
    ParseSettings effective = settings;
    auto tokens = expand_long_style(args, i, command, effective);
    if (!tokens) {
        return tl::unexpected(tokens.error());
    }
    command.explicit_roots = !command.roots.empty();
    if (command.roots.empty()) {
        command.roots.emplace_back(".");
    }
    Parser parser(std::move(*tokens), command, effective);
    auto expression = parser.parse_all();
    if (!expression) {
        return tl::unexpected(expression.error());
    }
    NodePtr tree = std::move(*expression);
    if (!tree->side_effects && effective.implied_print) {
        NodePtr print = make_node("-print", eval_print);
        print->terminator = effective.implied_terminator;
        print->side_effects = true;
        tree = make_op(Node::Op::and_op, tree, print);
    }
    if (command.depth_first) {
        // -prune does nothing under -depth; find refuses -delete with -prune.
        const auto has = [](const auto& self, const Node* node, EvalFn fn) -> bool {
            return node != nullptr && (node->eval == fn || self(self, node->lhs.get(), fn) ||
                                       self(self, node->rhs.get(), fn));
        };
        if (has(has, tree.get(), eval_delete) && has(has, tree.get(), eval_prune)) {
            return tl::unexpected(parse_error(
                "the -delete action turns on -depth, but -prune does nothing when -depth is in "
                "effect; if you want to carry on anyway, give -depth explicitly",
                "-prune"));
        }
    }
    command.expression = std::move(tree);
    command.stat_for_print = settings.stat_for_print;
    command.stat_for_outcome = settings.stat_for_outcome;
    if (const auto& file = parser.files0()) {
        auto roots = read_files0(*file, command, settings_uses_stdin(*command.expression));
        if (!roots) {
            return tl::unexpected(roots.error());
        }
        command.roots = std::move(*roots);
    }
    return command;
}

} // namespace tbx::find

#pragma once

namespace CLI {
class App;
}

namespace tbx::cli {

struct AppTree;

/// Adds the hidden `__generate man DIR | bash | zsh | fish` command that writes the man pages
/// and shell completions from the CLI definition and the commands' doc tables.
void add_generate_command(CLI::App& root, AppTree& tree);

} // namespace tbx::cli

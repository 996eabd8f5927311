#include "cli/registry.hpp"

int main() {
    return static_cast<int>(tbx::cli::all_commands().size());
}

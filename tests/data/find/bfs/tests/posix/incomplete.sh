! invoke_bfs basic \(

! PATH=":$PATH" invoke_bfs basic -execdir echo {} +

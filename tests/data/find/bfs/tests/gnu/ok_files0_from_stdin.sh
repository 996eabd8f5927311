! printf 'basic\0' | invoke_bfs -ok echo {} \; -files0-from -

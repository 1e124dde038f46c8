"""Developer tools: benchmarks, the synthetic corpus, robustness runs. Not shipped with migrate."""

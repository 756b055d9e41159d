"""Wire-compatible fake vendor servers: the official SDKs run unchanged against them.

Used by the tests, the benchmarks and `webox dev` when no real key is configured. Never shipped to Lambda.
"""

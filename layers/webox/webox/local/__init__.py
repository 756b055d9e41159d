"""The local host: the only code that knows it is not on AWS.

It runs the same handlers as the cloud on an embedded moto server, one ASGI server, SQS pollers,
a Step Functions runner, a scheduler, and the simulated vendors.
"""

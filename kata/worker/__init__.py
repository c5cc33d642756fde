"""The worker side: where learner code is imported and run.

Learner modules are imported only in a worker process, inside a sandbox,
and everything that comes back from it crosses the boundary as plain data.
"""

"""Repository-wide pytest set-up: everything lives in kata/pytest_plugin.py."""

pytest_plugins = ["kata.judge.plugin"]

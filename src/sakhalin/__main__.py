"""``python -m sakhalin``: the same as the ``sakhalin`` command."""

from sakhalin._cli import run

if __name__ == "__main__":
    run()

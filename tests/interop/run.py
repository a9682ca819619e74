"""The Elman ↔ PyTorch interop suite. Run with Debian's Python and its packages:

    apt-get install python3-torch python3-onnx     # PyTorch 1.13, onnx 1.12
    /usr/bin/python3 tests/interop/run.py           # after dotnet build Elman.sln -c Release

Prints each test, the error tables, and a last line "N passed, N failed, N skipped"; exits 1 when
anything failed or could not run, torch and onnx included: the suite cannot pass by skipping.
"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # leave no __pycache__ in the source tree
sys.path.insert(0, HERE)


def main():
    try:
        import onnx
        import torch
    except ImportError as e:
        print(f"interop: cannot import torch and onnx ({e}); install python3-torch and python3-onnx and run /usr/bin/python3")
        print("0 passed, 1 failed, 0 skipped")
        return 1
    import fixtures
    import report
    if not os.path.exists(fixtures.CLI):
        print(f"interop: {fixtures.CLI} does not exist; build first (dotnet build Elman.sln -c Release) or set ELMAN_CLI")
        print("0 passed, 1 failed, 0 skipped")
        return 1
    print(f"interop: torch {torch.__version__}, onnx {onnx.__version__}, CLI {fixtures.CLI}")
    start = time.monotonic()
    suite = unittest.TestLoader().discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    print(report.render())
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print(f"\ninterop suite: {time.monotonic() - start:.0f} s")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

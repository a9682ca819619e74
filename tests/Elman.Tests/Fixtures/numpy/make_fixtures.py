"""Writes the .npy/.npz fixtures of NumpyFixtureTests with real NumPy, once, and expected.json beside them.

Run from this directory: /usr/bin/python3 make_fixtures.py (Debian's python3-numpy; written with 1.24.2).
expected.json holds, per file, what the reader must return: x flattened row-major with padding zeroed
(as float32 values written exactly), lengths, class names and labels.
"""
import json

import numpy as np

rng = np.random.default_rng(17)
expected = {}


def record(name, x, lengths, class_names, labels):
    x = np.array(x, dtype=np.float64)
    if x.ndim == 2:
        x = x[:, :, None]
    x = x.astype(np.float32).astype(np.float64)
    for n, length in enumerate(lengths):
        x[n, length:, :] = 0.0
    expected[name] = {
        "shape": list(x.shape),
        "x": [float(v) for v in x.reshape(-1)],
        "lengths": [int(v) for v in lengths],
        "class_names": list(class_names),
        "labels": [int(v) for v in labels],
    }


# numpy.savez: float32 [4, 5, 2], explicit lengths, int64 labels with a gap (3, 7, 9).
x = rng.standard_normal((4, 5, 2)).astype(np.float32)
y = np.array([7, 3, 9, 3], dtype=np.int64)
lengths = np.array([5, 2, 3, 1], dtype=np.int64)
np.savez("savez.npz", x=x, y=y, lengths=lengths)
record("savez.npz", x, lengths, ["3", "7", "9"], [1, 0, 2, 0])

# numpy.savez_compressed: float64 [3, 6] in Fortran order, string labels ('<U7').
x = np.asfortranarray(rng.standard_normal((3, 6)))
y = np.array(["walking", "sitting", "walking"])
np.savez_compressed("savez_compressed.npz", x=x, y=y)
record("savez_compressed.npz", x, [6, 6, 6], ["sitting", "walking"], [1, 0, 1])

# A big-endian pair: '>f4' [3, 4, 2] and '>i2' labels.
x = rng.standard_normal((3, 4, 2)).astype(">f4")
np.save("bigendian.x.npy", x)
np.save("bigendian.y.npy", np.array([1, -1, 1], dtype=">i2"))
record("bigendian.x.npy", x, [4, 4, 4], ["-1", "1"], [1, 0, 1])

# Format versions 2.0 and 3.0 written explicitly; int8 values and uint8 labels.
x = rng.integers(-100, 100, size=(2, 3), dtype=np.int8)
with open("v2.x.npy", "wb") as f:
    np.lib.format.write_array(f, x, version=(2, 0))
with open("v2.y.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([0, 1], dtype=np.uint8), version=(3, 0))
record("v2.x.npy", x, [3, 3], ["0", "1"], [0, 1])

# NaN padding without lengths: trailing all-NaN steps; labels stored as float64 (as np.loadtxt gives them).
x = rng.standard_normal((3, 4, 2)).astype(np.float32)
x[0, 2:, :] = np.nan
x[2, 3:, :] = np.nan
np.save("nanpad.x.npy", x)
np.save("nanpad.y.npy", np.array([2.0, 1.0, 2.0]))
record("nanpad.x.npy", x, [2, 4, 3], ["1", "2"], [1, 0, 1])

with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1)

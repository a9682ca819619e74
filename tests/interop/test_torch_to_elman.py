"""PyTorch → Elman: models made and trained in PyTorch, saved with their config by elman_torch.save,
give PyTorch's numbers in `elman eval --inputs`, `elman grad`, `elman jacobian --json` and
`elman analyse --inputs` (unidirectional classifiers; bidirectional analysis is not compared here), with
the last state and with max and mean pooling, where ‖∂ℓ/∂h_i‖₂ and ‖C_i‖_F include the classifier's direct
term at every step."""
import csv
import json
import os
import re
import unittest

import numpy as np
import torch
from torch import nn

import elman_torch
import fixtures
import report
import safetensors_np

TABLE = "PyTorch → Elman: worst relative error against PyTorch float64"
COLUMNS = ("model made in PyTorch", "eval loss", "grad (elman double)", "grad (elman float)", "jacobian ‖∂h_t/∂h_i‖₂", "analyse")

CONFIGS = {
    "dense, 2 layers, tanh": {"vocab_size": 0, "input_size": 3, "hidden_size": 6, "num_layers": 2, "num_classes": 3, "nonlinearity": "tanh"},
    "tokens, 2 layers, tanh": {"vocab_size": 15, "input_size": 3, "hidden_size": 4, "num_layers": 2, "num_classes": 3, "nonlinearity": "tanh"},
    "tokens, bidirectional, relu": {"vocab_size": 20, "input_size": 4, "hidden_size": 5, "num_layers": 1, "num_classes": 2,
                                    "nonlinearity": "relu", "bidirectional": True},
    "dense, 3 layers, relu, regression": {"vocab_size": 0, "input_size": 2, "hidden_size": 4, "num_layers": 3, "num_classes": 1,
                                          "nonlinearity": "relu", "head": "regression"},
    "dense, 2 layers, tanh, max pooling": {"vocab_size": 0, "input_size": 3, "hidden_size": 5, "num_layers": 2, "num_classes": 3,
                                           "nonlinearity": "tanh", "pooling": "max"},
    "dense, 1 layer, tanh, mean pooling": {"vocab_size": 0, "input_size": 3, "hidden_size": 5, "num_layers": 1, "num_classes": 2,
                                           "nonlinearity": "tanh", "pooling": "mean"},
    "dense, bidirectional, 2 layers, tanh, max pooling": {"vocab_size": 0, "input_size": 3, "hidden_size": 4, "num_layers": 2, "num_classes": 3,
                                                          "nonlinearity": "tanh", "bidirectional": True, "pooling": "max"},
    "tokens, bidirectional, relu, mean pooling": {"vocab_size": 20, "input_size": 4, "hidden_size": 5, "num_layers": 1, "num_classes": 2,
                                                  "nonlinearity": "relu", "bidirectional": True, "pooling": "mean"},
}


def read_csv(file):
    """A CSV file with a header row as columns of floats, by name."""
    with open(file, newline="") as f:
        rows = list(csv.DictReader(f))
    return {key: [float(row[key]) for row in rows] for key in rows[0]}


def inputs_of(tensors, dtype):
    return torch.from_numpy(tensors["tokens"]) if "tokens" in tensors else torch.from_numpy(tensors["x"]).to(dtype)


def targets_of(model, tensors, dtype):
    y = torch.from_numpy(tensors["y"])
    return y.to(dtype) if model.regression else y


def trained(name, config):
    """An ElmanClassifier made in PyTorch and trained for 30 Adam steps on random batches, saved as a checkpoint."""
    torch.manual_seed(0)
    model = elman_torch.ElmanClassifier(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(30):
        _, tensors = fixtures.batch(config, seed=100 + step, batch_size=8)
        loss = model.loss(model(inputs_of(tensors, torch.float32), torch.from_numpy(tensors["lengths"])), targets_of(model, tensors, torch.float32))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    checkpoint = fixtures.path(f"torch-{fixtures.slug(name)}.safetensors")
    elman_torch.save(checkpoint, model, config)
    return checkpoint


def layer_rnn(model, layer):
    """Layer `layer` of model.rnn (forward direction) as a one-layer nn.RNN in float64."""
    rnn = model.rnn
    one = nn.RNN(rnn.input_size if layer == 0 else rnn.hidden_size * (2 if rnn.bidirectional else 1), rnn.hidden_size,
                 nonlinearity=rnn.nonlinearity, batch_first=True).double()
    for part in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(one, f"{part}_l0").data.copy_(getattr(rnn, f"{part}_l{layer}").data)
    return one


def torch_jacobian_norms(model, tensors, example, layer):
    """‖∂h_t/∂h_i‖₂ for i = t … 1 (1-based steps, t = the example's length) by autograd, float64."""
    t = int(tensors["lengths"][example])
    x = inputs_of(tensors, torch.float64)[example:example + 1, :t]
    if model.embedding is not None:
        x = model.embedding.double()(x)
    for k in range(layer):
        x, _ = layer_rnn(model, k)(x)
    rnn = layer_rnn(model, layer)
    states, _ = rnn(x)                                          # [1, t, H]
    norms = []
    for i in range(t, 0, -1):
        def h_t(h_i):                                           # h_i [H] → h_t [H], reading steps i+1 … t
            return rnn(x[:, i:], h_i.view(1, 1, -1))[1].view(-1) if i < t else h_i
        jacobian = torch.autograd.functional.jacobian(h_t, states[0, i - 1].detach())
        norms.append(torch.linalg.matrix_norm(jacobian, ord=2).item())
    return norms


def torch_gradient_flow(model, tensors, layer):
    """What `elman analyse` reports for layer `layer` of a unidirectional model, by autograd in float64:
    ‖C_i‖_F for i = 1 … T, where C_i = ∂ℓ/∂W_hh^(i) is step i's term of ∂ℓ/∂W_hh of the mean loss
    (each step gets its own copy of W_hh), and per sequence ‖∂ℓ_b/∂h_i‖₂ of its own loss against lag."""
    rnn = model.rnn
    lengths = torch.from_numpy(tensors["lengths"])
    x = inputs_of(tensors, torch.float64)
    x = model.embedding(x) if model.embedding is not None else x
    for k in range(layer):
        x, _ = layer_rnn(model, k)(x)
    w_ih, w_hh = getattr(rnn, f"weight_ih_l{layer}"), getattr(rnn, f"weight_hh_l{layer}")
    bias = getattr(rnn, f"bias_ih_l{layer}") + getattr(rnn, f"bias_hh_l{layer}")
    sigma = torch.tanh if rnn.nonlinearity == "tanh" else torch.relu
    steps = x.shape[1]
    copies = [w_hh.detach().clone().requires_grad_() for _ in range(steps)]
    h, states = torch.zeros(x.shape[0], rnn.hidden_size, dtype=torch.float64), []
    for i in range(steps):                                   # 0-based step i is step i + 1
        new = sigma(x[:, i] @ w_ih.T + h @ copies[i].T + bias)
        h = torch.where((i < lengths).unsqueeze(1), new, h)  # past its length a sequence keeps its state
        h.retain_grad()
        states.append(h)
    out = torch.stack(states, dim=1)                         # [B, T, H]
    reference, _ = layer_rnn(model, layer)(x)
    torch.testing.assert_close(out[0, :int(lengths[0])], reference[0, :int(lengths[0])])   # the loop is layer `layer`
    for k in range(layer + 1, rnn.num_layers):
        out, _ = layer_rnn(model, k)(out)
    logits = model.fc(model.head_input(out, lengths))        # the last state, or the masked max or mean
    per_sequence = nn.functional.cross_entropy(logits, torch.from_numpy(tensors["y"]), reduction="none")
    per_sequence.sum().backward()                            # each h_i[b].grad: ∂ℓ_b/∂h_i
    loss_gradients = [[states[t - lag - 1].grad[b].norm().item() for lag in range(t)]
                      for b, t in enumerate(lengths.tolist())]
    contributions = [c.grad.norm().item() / len(lengths) for c in copies]   # of the mean loss
    return contributions, loss_gradients


class TorchToElman(unittest.TestCase):
    def check(self, name):
        config = CONFIGS[name]
        checkpoint = trained(name, config)
        model, _ = elman_torch.load(checkpoint)
        model = model.double()
        batch_file, tensors = fixtures.batch(config, seed=7, batch_size=6, steps=8)
        logits = model(inputs_of(tensors, torch.float64), torch.from_numpy(tensors["lengths"]))
        loss = model.loss(logits, targets_of(model, tensors, torch.float64))
        loss.backward()

        # eval: the printed loss (5 significant digits) and, for classification, accuracy and the confusion matrix.
        printed = fixtures.elman("eval", "--model", checkpoint, "--inputs", batch_file)
        if model.regression:
            eval_loss = float(re.search(r"mean squared error ([0-9.]+)", printed).group(1))
        else:
            match = re.search(r"loss ([0-9.]+), accuracy ([0-9.]+) %", printed)
            eval_loss = float(match.group(1))
            predicted = logits.argmax(dim=1).numpy()
            self.assertAlmostEqual(float(match.group(2)), 100 * np.mean(predicted == tensors["y"]), places=2)
            rows = [list(map(int, re.findall(r"│\s*(\d+)(?=\s*│)", line)))
                    for line in printed.splitlines() if re.match(r"│ \d+\s", line)]
            confusion = np.zeros((config["num_classes"], config["num_classes"]), int)
            np.add.at(confusion, (tensors["y"], predicted), 1)
            self.assertEqual([r[1:1 + config["num_classes"]] for r in rows], confusion.tolist(), printed)
        eval_error = abs(eval_loss - loss.item()) / abs(loss.item())
        self.assertLess(eval_error, 1e-4, printed)

        grad_errors = {}
        for precision in ("double", "float"):
            out = fixtures.path(f"torch-grads-{precision}.safetensors")
            fixtures.elman("grad", "--model", checkpoint, "--inputs", batch_file, "--out", out, "--precision", precision)
            got, _ = safetensors_np.load(out)
            self.assertEqual(set(got), {n for n, _ in model.named_parameters()} | {"loss"})
            errors = {n: fixtures.relative_error(got[n], p.grad.numpy()) for n, p in model.named_parameters()}
            errors["loss"] = fixtures.relative_error(got["loss"][0], loss.item())
            grad_errors[precision] = max(errors.values())
            for n, e in errors.items():
                self.assertLess(e, 1e-6 if precision == "double" else 1e-5, f"{name}: {n} ({precision})")

        jacobian_error = analyse_error = "bidirectional: not compared"
        if not config.get("bidirectional"):
            worst = 0.0
            for layer in range(config["num_layers"]):
                for example in (0, 2):
                    printed = json.loads(fixtures.elman("jacobian", "--model", checkpoint, "--inputs", batch_file,
                                                        "--example", example, "--layer", layer, "--json"))
                    elman_norms = [lag["jacobian_norm"] for lag in printed["lags"]]
                    self.assertEqual([lag["i"] for lag in printed["lags"]], list(range(int(tensors["lengths"][example]), 0, -1)))
                    expected = torch_jacobian_norms(model, tensors, example, layer)
                    for e, x in zip(elman_norms, expected):
                        worst = max(worst, abs(e - x) / max(abs(x), 1e-300))
                    np.testing.assert_allclose(elman_norms, expected, rtol=1e-6, atol=1e-12, err_msg=f"{name}: layer {layer}, example {example}")
            jacobian_error = worst
            analyse_error = "regression: not compared"
            if not model.regression:
                analyse_error = self.check_analyse(name, checkpoint, batch_file, model, tensors, config)
        report.add(TABLE, COLUMNS, (name, eval_error, grad_errors["double"], grad_errors["float"], jacobian_error, analyse_error))

    def check_analyse(self, name, checkpoint, batch_file, model, tensors, config):
        """`elman analyse --inputs`: jacobian.csv and contributions.csv against autograd, every layer;
        returns the worst relative error (max |Δ| / max |reference| per column)."""
        worst = 0.0
        for layer in range(config["num_layers"]):
            folder = fixtures.path(f"analysis-{layer}")
            fixtures.elman("analyse", "--model", checkpoint, "--inputs", batch_file, "--layer", layer, "--exact", "--out", folder)
            suffix = f"-l{layer}" if layer > 0 else ""     # analyse names each layer's files (docs/analysis.md)
            jacobian = read_csv(os.path.join(folder, f"jacobian{suffix}.csv"))
            contributions = read_csv(os.path.join(folder, f"contributions{suffix}.csv"))
            expected_contributions, loss_gradients = torch_gradient_flow(model, tensors, layer)
            np.testing.assert_allclose(contributions["contribution_norm"], expected_contributions, rtol=1e-6, atol=1e-12,
                                       err_msg=f"{name}: layer {layer}, ‖C_i‖_F")
            norms = [torch_jacobian_norms(model, tensors, b, layer) for b in range(len(tensors["lengths"]))]
            by_lag = [[n[lag] for n in norms if lag < len(n)] for lag in range(len(jacobian["lag"]))]
            np.testing.assert_allclose(jacobian["sequences"], [len(v) for v in by_lag])
            np.testing.assert_allclose(jacobian["jacobian_norm_mean"], [np.mean(v) for v in by_lag], rtol=1e-6, err_msg=f"{name}: layer {layer}")
            np.testing.assert_allclose(jacobian["jacobian_norm_min"], [np.min(v) for v in by_lag], rtol=1e-6)
            np.testing.assert_allclose(jacobian["jacobian_norm_max"], [np.max(v) for v in by_lag], rtol=1e-6)
            gradient_by_lag = [np.mean([g[lag] for g in loss_gradients if lag < len(g)]) for lag in range(len(jacobian["lag"]))]
            np.testing.assert_allclose(jacobian["loss_gradient_norm_mean"], gradient_by_lag, rtol=1e-6, err_msg=f"{name}: layer {layer}, ‖∂ℓ/∂h_i‖₂")
            worst = max(worst, fixtures.relative_error(contributions["contribution_norm"], expected_contributions),
                        fixtures.relative_error(jacobian["jacobian_norm_mean"], [np.mean(v) for v in by_lag]),
                        fixtures.relative_error(jacobian["loss_gradient_norm_mean"], gradient_by_lag))
        return worst

    def test_dense_stacked(self):
        self.check("dense, 2 layers, tanh")

    def test_tokens_stacked(self):
        self.check("tokens, 2 layers, tanh")

    def test_tokens_bidirectional(self):
        self.check("tokens, bidirectional, relu")

    def test_regression(self):
        self.check("dense, 3 layers, relu, regression")

    def test_max_pooling_stacked(self):
        self.check("dense, 2 layers, tanh, max pooling")

    def test_mean_pooling(self):
        self.check("dense, 1 layer, tanh, mean pooling")

    def test_max_pooling_bidirectional(self):
        self.check("dense, bidirectional, 2 layers, tanh, max pooling")

    def test_mean_pooling_bidirectional_tokens(self):
        self.check("tokens, bidirectional, relu, mean pooling")

"""Elman → PyTorch: every kind of model Elman trains loads into elman_torch.ElmanClassifier with
load_state_dict(strict=True), and `elman grad` gives PyTorch's loss and every parameter gradient on a
batch with ragged lengths and garbage in the padding; for dense classifiers `elman predict` gives
softmax of PyTorch's logits too. Pooled heads (max, mean) are among the kinds."""
import json
import unittest

import numpy as np

import torch

import elman_torch
import fixtures
import report
import safetensors_np

TABLE = "Elman → PyTorch: worst relative error per model kind, max|Δ| / max|reference| (reference: PyTorch float64)"
COLUMNS = ("model kind", "loss, elman float", "grad, elman float", "grad, elman double", "grad, torch float32", "worst tensor (float)")


def torch_gradients(model, tensors, dtype):
    """Loss and gradients of the mean loss by PyTorch autograd, in dtype."""
    model = model.to(dtype)
    model.zero_grad()
    inputs = torch.from_numpy(tensors["tokens"]) if "tokens" in tensors else torch.from_numpy(tensors["x"]).to(dtype)
    y = torch.from_numpy(tensors["y"])
    loss = model.loss(model(inputs, torch.from_numpy(tensors["lengths"])), y.to(dtype) if model.regression else y)
    loss.backward()
    return loss.item(), {name: p.grad.detach().double().numpy() for name, p in model.named_parameters()}


class ElmanToTorch(unittest.TestCase):
    def check(self, kind):
        checkpoint = fixtures.model(kind)
        model, metadata = elman_torch.load(checkpoint)   # strict: every name and shape matches
        config = json.loads(metadata["config"])
        batch_file, tensors = fixtures.batch(config, seed=len(kind))
        loss64, grads64 = torch_gradients(model, tensors, torch.float64)
        _, grads32 = torch_gradients(model, tensors, torch.float32)
        errors = {}
        for precision in ("float", "double"):
            out = fixtures.path(f"grads-{precision}.safetensors")
            fixtures.elman("grad", "--model", checkpoint, "--inputs", batch_file, "--out", out, "--precision", precision)
            got, _ = safetensors_np.load(out)
            self.assertEqual(set(got), set(grads64) | {"loss"}, "gradient file names")
            if "embedding.weight" in got:
                self.assertFalse(got["embedding.weight"][0].any(), "padding row 0 gets no gradient")
            errors[precision] = {name: fixtures.relative_error(got[name], grads64[name]) for name in grads64}
            errors[precision]["loss"] = fixtures.relative_error(got["loss"][0], loss64)
        if "x" in tensors and not model.regression:
            # Probabilities of the batch's sequences: softmax of the logits PyTorch computes in float64.
            with torch.no_grad():
                logits = model.to(torch.float64)(torch.from_numpy(tensors["x"]).to(torch.float64), torch.from_numpy(tensors["lengths"]))
            expected = torch.softmax(logits, dim=1).numpy()
            unlabelled = fixtures.path("predict-inputs.safetensors")   # predict reads labels as class names: leave them out
            safetensors_np.save(unlabelled, {"x": tensors["x"], "lengths": tensors["lengths"]})
            printed = [json.loads(line) for line in fixtures.elman("predict", "--model", checkpoint, "--input", unlabelled, "--json").splitlines() if line.strip()]
            got = np.array([list(row["probabilities"].values()) for row in printed])   # in class order
            errors["float"]["probabilities"] = fixtures.relative_error(got, expected)
        torch32 = max(fixtures.relative_error(grads32[n], grads64[n]) for n in grads64)
        worst = max(grads64, key=lambda n: errors["float"][n])
        report.add(TABLE, COLUMNS, (kind, errors["float"]["loss"], errors["float"][worst],
                                    max(v for n, v in errors["double"].items() if n != "loss"), torch32, worst))
        for name, error in errors["double"].items():
            self.assertLess(error, 1e-6, f"{kind}: {name}, elman --precision double against PyTorch float64")
        for name, error in errors["float"].items():
            self.assertLess(error, 1e-5, f"{kind}: {name}, elman float against PyTorch float64")


# One test per model kind, named after it.
for _number, _kind in enumerate(fixtures.KINDS):
    setattr(ElmanToTorch, f"test_{_number}_{fixtures.slug(_kind)}", lambda self, kind=_kind: self.check(kind))


WEIGHTED_TABLE = "Elman → PyTorch, CrossEntropyLoss(weight=w): worst relative error, max|Δ| / max|reference| (reference: PyTorch float64)"
WEIGHTED_COLUMNS = ("model kind", "class weights", "loss, elman float", "grad, elman float", "loss, elman double", "grad, elman double")
# Classification kinds, each with weights that differ per class (with more than two classes one of them 0, which PyTorch accepts).
WEIGHTED_KINDS = ["dense, 1 layer, tanh", "dense, 3 layers, bidirectional, dropout", "tokens, char, 2 layers, bidirectional, relu"]


class ElmanToTorchClassWeights(unittest.TestCase):
    """`elman grad --class-weights w` against torch.nn.CrossEntropyLoss(weight=w) on the same model and batch: the mean
    Σ_b w[y_b] ℓ_b / Σ_b w[y_b] and every parameter gradient."""

    def check(self, kind):
        checkpoint = fixtures.model(kind)
        model, metadata = elman_torch.load(checkpoint)
        config = json.loads(metadata["config"])
        classes = config["num_classes"]
        batch_file, tensors = fixtures.batch(config, seed=100 + len(kind), batch_size=12)
        y = torch.from_numpy(tensors["y"])
        weights = [0.0 if c == 1 and classes > 2 else 0.25 + 1.5 * c for c in range(classes)]
        if sum(weights[label] for label in tensors["y"]) == 0:
            weights[int(tensors["y"][0])] = 1.0
        model = model.double()
        model.zero_grad()
        inputs = torch.from_numpy(tensors["tokens"]) if "tokens" in tensors else torch.from_numpy(tensors["x"]).double()
        criterion = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float64))
        loss = criterion(model(inputs, torch.from_numpy(tensors["lengths"])), y)
        loss.backward()
        expected = {name: p.grad.detach().numpy() for name, p in model.named_parameters()}
        self.assertNotAlmostEqual(loss.item(), torch.nn.functional.cross_entropy(model(inputs, torch.from_numpy(tensors["lengths"])), y).item(), 4,
                                  "the weights must change the loss for the test to mean anything")

        errors = {}
        for precision in ("float", "double"):
            out = fixtures.path(f"weighted-grads-{precision}.safetensors")
            fixtures.elman("grad", "--model", checkpoint, "--inputs", batch_file, "--out", out, "--precision", precision,
                           "--class-weights", ",".join(repr(w) for w in weights))
            got, _ = safetensors_np.load(out)
            self.assertEqual(set(got), set(expected) | {"loss"}, "gradient file names")
            errors[precision] = (fixtures.relative_error(got["loss"][0], loss.item()),
                                 max(fixtures.relative_error(got[n], expected[n]) for n in expected))
        report.add(WEIGHTED_TABLE, WEIGHTED_COLUMNS, (kind, " ".join(f"{w:g}" for w in weights), *errors["float"], *errors["double"]))
        self.assertLess(max(errors["double"]), 1e-6, f"{kind}: elman --precision double against PyTorch float64")
        self.assertLess(max(errors["float"]), 1e-5, f"{kind}: elman float against PyTorch float64")


for _number, _kind in enumerate(WEIGHTED_KINDS):
    setattr(ElmanToTorchClassWeights, f"test_{_number}_{fixtures.slug(_kind)}", lambda self, kind=_kind: self.check(kind))

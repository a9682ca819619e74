#!/usr/bin/python3
"""Bidirectional reference fixtures for Elman's analysis, from PyTorch autograd (Debian's python3-torch).

For each case it writes model.safetensors (nn.RNN(bidirectional=True) + nn.Linear(2H, C), float32,
PyTorch names), inputs.safetensors (x F32 [B,T,D], lengths I64 [B], y I64 [B]; lengths[0] = T) and
ref_grads.safetensors (autograd gradients of the mean cross-entropy over the ragged batch run as a
packed sequence, every parameter under its PyTorch name, plus loss F32 [], computed in float64 and
stored as float32, as Model/TorchFixtureTests reads them for every fixture) and
ref_analysis.json: for example 0 alone, for every layer and direction, computed in float64 on the
float32 values, with autograd only (no hand-written backward):
  jacobian_norm[lag]  = ‖∂h_t/∂h_i‖₂ by torch.autograd.functional.jacobian of the recurrence run
                        from h_i to h_t (forward: t = T, i = T - lag; reverse: t = 1, i = 1 + lag,
                        the reverse recurrence h_i = σ(W_ih u_i + b_ih + W_hh h_{i+1} + b_hh))
  loss_gradient_norm[i - 1] = ‖∂ℓ/∂h_i‖₂ (retain_grad on each state: the total derivative)
  weight_hh_grad      = ∂ℓ/∂W_hh of that layer and direction, from nn.RNN itself (= Σ_i C_i)
and input_gradient_norm[i - 1] = ‖∂ℓ/∂x_i‖₂, with ℓ = cross-entropy of example 0's logits.
The manual recurrence is checked against nn.RNN's output before anything is written.

Usage: /usr/bin/python3 make_bidirectional_fixtures.py   (writes next to this file)
"""
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))

# name: (seed, D, H, L, B, T, C, nonlinearity)
CASES = {
    "bi_tanh_l1": (31, 3, 4, 1, 3, 6, 3, "tanh"),
    "bi_relu_l2": (32, 2, 4, 2, 3, 5, 2, "relu"),
    "bi_tanh_l2": (33, 3, 3, 2, 2, 7, 3, "tanh"),
}


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        t = t.contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.numpy().tobytes() if t.dim() > 0 else t.reshape(1).numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def make(name, seed, d, h, layers, b, steps, c, act):
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(d, h, layers, nonlinearity=act, batch_first=True, bidirectional=True)
    fc = torch.nn.Linear(2 * h, c)
    with torch.no_grad():
        for p in rnn.parameters():
            p.mul_(1.5)
    x = torch.randn(b, steps, d)
    lengths = torch.tensor([steps] + [int(v) for v in torch.randint(1, steps + 1, (b - 1,))], dtype=torch.int64)
    y = torch.randint(0, c, (b,), dtype=torch.int64)

    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    state = {f"rnn.{k}": v.detach().clone() for k, v in rnn.state_dict().items()}
    state.update({f"fc.{k}": v.detach().clone() for k, v in fc.state_dict().items()})
    config = {"vocab_size": 0, "input_size": d, "hidden_size": h, "num_layers": layers, "num_classes": c,
              "nonlinearity": act, "bidirectional": True}
    write_safetensors(os.path.join(folder, "model.safetensors"), state, {"config": json.dumps(config, separators=(",", ":"))})
    write_safetensors(os.path.join(folder, "inputs.safetensors"), {"x": x, "lengths": lengths, "y": y})

    # Everything below in float64 on the float32 values just written; example 0 has length T.
    rnn = rnn.double()
    fc = fc.double()

    # The batch's mean loss as RnnClassifier computes it: packed sequences, fc on [h_T^fwd ; h_1^rev].
    packed = torch.nn.utils.rnn.pack_padded_sequence(x.double(), lengths, batch_first=True, enforce_sorted=False)
    out, _ = rnn(packed)
    out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
    last = torch.stack([torch.cat([out[n, lengths[n] - 1, :h], out[n, 0, h:]]) for n in range(b)])
    batch_loss = torch.nn.functional.cross_entropy(fc(last), y)
    batch_loss.backward()
    grads = {f"rnn.{k}": v.grad.float() for k, v in rnn.named_parameters()}
    grads.update({f"fc.{k}": v.grad.float() for k, v in fc.named_parameters()})
    grads["loss"] = batch_loss.detach().float().reshape(())
    write_safetensors(os.path.join(folder, "ref_grads.safetensors"), grads)
    rnn.zero_grad()
    fc.zero_grad()
    sigma = torch.tanh if act == "tanh" else torch.relu
    w = {k: v.detach() for k, v in rnn.state_dict().items()}

    def weights(k, reverse):
        s = "_reverse" if reverse else ""
        return w[f"weight_ih_l{k}{s}"], w[f"weight_hh_l{k}{s}"], w[f"bias_ih_l{k}{s}"], w[f"bias_hh_l{k}{s}"]

    def step(k, reverse, u, previous):
        wih, whh, bih, bhh = weights(k, reverse)
        return sigma(wih @ u + bih + whh @ previous + bhh)

    x0 = x[0].double().clone().requires_grad_(True)       # [T, D]
    inputs = [x0[t] for t in range(steps)]                  # u_t of layer 0, 0-based t
    states, layer_inputs = {}, {}
    for k in range(layers):
        layer_inputs[k] = [u.detach() for u in inputs]
        fwd, rev = [None] * steps, [None] * steps
        previous = torch.zeros(h, dtype=torch.float64)
        for t in range(steps):
            previous = step(k, False, inputs[t], previous)
            previous.retain_grad()
            fwd[t] = previous
        previous = torch.zeros(h, dtype=torch.float64)
        for t in reversed(range(steps)):
            previous = step(k, True, inputs[t], previous)
            previous.retain_grad()
            rev[t] = previous
        states[(k, "forward")], states[(k, "reverse")] = fwd, rev
        inputs = [torch.cat([fwd[t], rev[t]]) for t in range(steps)]
    logits = fc(torch.cat([states[(layers - 1, "forward")][steps - 1], states[(layers - 1, "reverse")][0]]))
    loss = torch.nn.functional.cross_entropy(logits.unsqueeze(0), y[:1])
    loss.backward()

    # The manual recurrence is nn.RNN's, and nn.RNN's autograd gives ∂ℓ/∂W_hh.
    rnn.zero_grad()
    fc.zero_grad()
    output, _ = rnn(x[:1].double())
    assert torch.allclose(output[0, :, :h], torch.stack(states[(layers - 1, "forward")]).detach(), atol=1e-13)
    assert torch.allclose(output[0, :, h:], torch.stack(states[(layers - 1, "reverse")]).detach(), atol=1e-13)
    module_loss = torch.nn.functional.cross_entropy(fc(torch.cat([output[0, steps - 1, :h], output[0, 0, h:]])).unsqueeze(0), y[:1])
    assert abs(module_loss.item() - loss.item()) < 1e-13
    module_loss.backward()

    profiles = []
    for k in range(layers):
        for direction in ("forward", "reverse"):
            reverse = direction == "reverse"
            seq = states[(k, direction)]
            u = layer_inputs[k]
            end = 0 if reverse else steps - 1

            def run(start, hs, reverse=reverse, k=k, u=u, end=end):
                # h at 0-based step `start` → h at `end`, in the direction's reading order.
                order = range(start - 1, end - 1, -1) if reverse else range(start + 1, end + 1)
                for t in order:
                    hs = step(k, reverse, u[t], hs)
                return hs

            whh = weights(k, reverse)[1]
            spectral = torch.linalg.matrix_norm(whh, ord=2).item()
            lags = []
            for lag in range(steps):
                start = end + lag if reverse else end - lag
                jac = torch.autograd.functional.jacobian(lambda hs: run(start, hs), seq[start].detach())
                lags.append({"i": start + 1, "lag": lag, "jacobian_norm": torch.linalg.matrix_norm(jac, ord=2).item()})
            grad = getattr(rnn, f"weight_hh_l{k}{'_reverse' if reverse else ''}").grad
            profiles.append({
                "layer": k, "direction": direction, "spectral_norm_whh": spectral, "lags": lags,
                "loss_gradient_norm": [seq[t].grad.norm().item() for t in range(steps)],
                "weight_hh_grad": grad.reshape(-1).tolist(),
            })
    reference = {"example": 0, "loss": loss.item(),
                 "input_gradient_norm": [x0.grad[t].norm().item() for t in range(steps)], "profiles": profiles}
    with open(os.path.join(folder, "ref_analysis.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")
    print(f"{name}: T = {steps}, lengths {lengths.tolist()}, y {y.tolist()}, loss {loss.item():.6f}")


if __name__ == "__main__":
    torch.set_grad_enabled(True)
    for name, args in CASES.items():
        make(name, *args)

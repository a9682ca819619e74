"""An Elman checkpoint as a PyTorch module: the loading code docs/pytorch-interop.md shows, verbatim."""
import json

import torch
from torch import nn

import safetensors_np


class ElmanClassifier(nn.Module):
    """nn.Embedding(V, D, padding_idx=0) (when vocab_size > 0) → nn.RNN(batch_first=True) → nn.Linear,
    the linear layer reading each sequence's last valid step: the forward state at step lengths-1 and,
    when bidirectional, the reverse state at step 0 (after it has read the whole sequence backwards).
    With config "pooling": "max" or "mean" it reads the max or mean of the RNN's outputs over each
    sequence's valid steps instead (absent means "last")."""

    def __init__(self, config):
        super().__init__()
        vocab, d, h = config.get("vocab_size", 0), config["input_size"], config["hidden_size"]
        self.embedding = nn.Embedding(vocab, d, padding_idx=0) if vocab > 0 else None
        self.rnn = nn.RNN(d, h, config.get("num_layers", 1), nonlinearity=config.get("nonlinearity", "tanh"),
                          batch_first=True, bidirectional=config.get("bidirectional", False),
                          dropout=config.get("dropout", 0.0))
        self.fc = nn.Linear(h * (2 if self.rnn.bidirectional else 1), config["num_classes"])
        self.regression = config.get("head", "classification") == "regression"
        self.pooling = config.get("pooling", "last")
        if self.pooling not in ("last", "max", "mean"):
            raise ValueError(f"config field 'pooling' is {self.pooling!r}, expected 'last', 'max' or 'mean'")

    def forward(self, inputs, lengths):
        """inputs: tokens (int64 [B, T]) or x (float [B, T, D]); lengths: int64 [B], 1 ≤ length ≤ T.
        Returns logits [B, C] (the prediction [B, 1] for a regression head)."""
        x = self.embedding(inputs) if self.embedding is not None else inputs
        # Packing makes the reverse direction start at each sequence's own last step, as Elman's does.
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, _ = self.rnn(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])   # [B, T, dirs·H]
        return self.fc(self.head_input(out, lengths))

    def head_input(self, out, lengths):
        """What the linear layer reads of the RNN's outputs out [B, T, dirs·H]: [B, dirs·H]."""
        if self.pooling == "last":
            h = self.rnn.hidden_size
            last = out[torch.arange(out.shape[0]), lengths - 1, :h]                                  # [B, H]
            if self.rnn.bidirectional:
                last = torch.cat([last, out[:, 0, h:]], dim=1)                                      # [B, 2H]
            return last
        valid = (torch.arange(out.shape[1]) < lengths.unsqueeze(1)).unsqueeze(2)                    # [B, T, 1]: t < length
        if self.pooling == "max":
            # Padding must never win: -inf there. On ties Elman sends the gradient to the first step.
            return out.masked_fill(~valid, float("-inf")).max(dim=1).values
        return out.masked_fill(~valid, 0.0).sum(dim=1) / lengths.unsqueeze(1).to(out.dtype)        # mean

    def loss(self, logits, y):
        """The mean loss Elman trains on: cross-entropy, or mean squared error for a regression head."""
        return nn.functional.mse_loss(logits[:, 0], y) if self.regression else nn.functional.cross_entropy(logits, y)


def load(path):
    """(model, metadata) from an Elman checkpoint; every tensor must match by name and shape (strict)."""
    tensors, metadata = safetensors_np.load(path)
    model = ElmanClassifier(json.loads(metadata["config"]))
    model.load_state_dict({name: torch.from_numpy(value) for name, value in tensors.items()}, strict=True)
    return model.eval(), metadata


def save(path, model, config, metadata=None):
    """Writes a PyTorch ElmanClassifier as a checkpoint Elman reads: F32 tensors under their PyTorch names
    and the config in __metadata__["config"]."""
    tensors = {name: value.detach().float().numpy() for name, value in model.state_dict().items()}
    safetensors_np.save(path, tensors, {**(metadata or {}), "config": json.dumps(config)})

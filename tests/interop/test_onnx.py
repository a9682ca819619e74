"""Every ONNX file `elman export` writes, for every model kind (trained by Elman or made in PyTorch),
passes onnx.checker with full_check and strict shape inference with type checks."""
import json
import os
import unittest

import onnx

import elman_tokenizer
import fixtures
import report
import safetensors_np
import test_torch_to_elman

TABLE = "ONNX export: onnx.checker.check_model(full_check=True), infer_shapes(check_type=True, strict_mode=True)"
COLUMNS = ("model", "inputs", "outputs", "nodes")


def shape(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return value_info.name + "[" + ",".join(d.dim_param or str(d.dim_value) for d in dims) + "]"


class OnnxExport(unittest.TestCase):
    def check(self, name, checkpoint):
        out = fixtures.path(fixtures.slug(name) + ".onnx")
        fixtures.elman("export", "--model", checkpoint, "--onnx", out)
        model = onnx.load(out)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        onnx.checker.check_model(inferred, full_check=True)
        self.assertTrue(all(o.type.tensor_type.HasField("shape") for o in inferred.graph.output))
        # The checkpoint's metadata travels with the model: a text model's ONNX file alone encodes text.
        _, metadata = safetensors_np.load(checkpoint)
        props = {p.key: p.value for p in model.metadata_props}
        self.assertEqual(json.loads(props["config"]), json.loads(metadata["config"]))
        if "tokenizer" in metadata:
            for text in ("İstanbul don't STOP", "snake_case x² 😀"):
                self.assertEqual(elman_tokenizer.encode(text, props), elman_tokenizer.encode(text, metadata))
        report.add(TABLE, COLUMNS, (name, " ".join(shape(i) for i in model.graph.input),
                                    " ".join(shape(o) for o in model.graph.output),
                                    " ".join(sorted({n.op_type for n in model.graph.node}))))

    def test_every_elman_model_kind(self):
        for kind in fixtures.KINDS:
            with self.subTest(kind=kind):
                self.check(kind, fixtures.model(kind))

    def test_every_model_made_in_pytorch(self):
        for name, config in test_torch_to_elman.CONFIGS.items():
            with self.subTest(model=name):
                checkpoint = fixtures.path(f"torch-{fixtures.slug(name)}.safetensors")
                if not os.path.exists(checkpoint):
                    checkpoint = test_torch_to_elman.trained(name, config)
                self.check("PyTorch: " + name, checkpoint)

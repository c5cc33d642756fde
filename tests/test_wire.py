"""The wire format carries data and nothing that can run: round trips, limits, and the
allow-list that keeps Keras configurations free of code (on every Keras of the matrix)."""

import io
import json
import os
import pickle

import numpy as np
import pytest

from kata.worker import objects, wire

pytestmark = pytest.mark.timeout(120)


def round_trip(value, special=None, rebuild=None):
    encoder = wire.Encoder(special)
    document = encoder.encode(value)
    read, write = os.pipe()
    try:
        wire.send(write, {"value": document}, encoder.blobs)
        received, blobs = wire.receive(read, deadline=None)
    finally:
        os.close(read)
        os.close(write)
    return wire.Decoder(blobs, rebuild).decode(received["value"])


@pytest.mark.parametrize("value", [
    None, True, 3, -2 ** 70, 2.5, float("nan"), float("inf"), "text", [1, [2.0]], (1, (2,)),
    {"a": 1, 3: (4, 5)}, np.float32(1.5), np.int64(7), np.arange(6, dtype=np.uint8).reshape(2, 3),
    np.array([[0.1, np.nan]]), np.array(3.0), np.array([True, False]),
], ids=repr)
def test_plain_values_cross_with_their_types(value):
    found = round_trip(value)
    assert type(found) is type(value)
    if isinstance(value, np.ndarray):
        assert found.dtype == value.dtype and found.shape == value.shape
        assert np.array_equal(found, value, equal_nan=True)
    elif isinstance(value, float) and value != value:
        assert found != found
    else:
        assert found == value


def test_objects_cross_as_their_name_only():
    class Secret:
        def __repr__(self):
            return "<Secret>"

    found = round_trip([Secret(), np.array([object()], dtype=object), lambda: 1])
    assert all(isinstance(item, wire.Opaque) for item in found)
    assert found[0].type_name == "Secret"


def test_a_pickled_blob_is_refused():
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"code": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(wire.WireError):
        wire.Decoder([pickled.getvalue()]).decode({wire.TAG: "array", "blob": 0})
    with pytest.raises(wire.WireError):
        wire.Decoder([pickle.dumps(object())]).decode({wire.TAG: "array", "blob": 0})


def test_unknown_tags_and_oversized_frames_are_refused():
    assert isinstance(wire.Decoder([]).decode({wire.TAG: "function", "code": "os.system"}), wire.Opaque)
    read, write = os.pipe()
    try:
        os.write(write, (wire.MAX_MESSAGE_BYTES + 1).to_bytes(8, "little"))
        with pytest.raises(wire.WireError):
            wire.receive(read, deadline=None)
    finally:
        os.close(read)
        os.close(write)


def test_a_closed_pipe_and_a_deadline_are_told_apart():
    import time

    read, write = os.pipe()
    with pytest.raises(wire.Timeout):
        wire.receive(read, deadline=time.monotonic() + 0.2)
    os.close(write)
    with pytest.raises(wire.Closed):
        wire.receive(read, deadline=time.monotonic() + 1)
    os.close(read)


@pytest.fixture(scope="module")
def keras():
    from kata import keras_compat

    return keras_compat.import_quietly()


def model_node(model):
    encoder = wire.Encoder()
    return objects.describe_model(model, encoder), encoder.blobs


def test_a_model_crosses_with_its_weights_and_compile_settings(keras):
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="relu",
                              kernel_regularizer=keras.regularizers.l2(0.1)),
                              keras.layers.BatchNormalization(momentum=0.9),
                              keras.layers.Dense(2, activation="softmax")], name="tiny")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    node, blobs = model_node(model)
    rebuilt = objects.rebuild_model(node, wire.Decoder(blobs))
    assert rebuilt.name == "tiny" and rebuilt.count_params() == model.count_params()
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), rebuilt.get_weights()))
    assert type(rebuilt.optimizer).__name__ == "RMSprop"
    x = np.random.default_rng(0).random((5, 4)).astype("float32")
    assert np.allclose(model.predict(x, verbose=0), rebuilt.predict(x, verbose=0), atol=1e-6)


def test_a_model_crosses_with_what_it_computes_and_its_copy_must_agree(keras):
    """The worker's side measures the model on a seeded batch; a rebuilt copy that adds a
    penalty the learner's model never adds (a regularizer assigned after building) is
    refused, and so is one that predicts differently."""
    def network(late: bool):
        model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(
            5, activation="relu", kernel_regularizer=None if late else keras.regularizers.l2(0.1)),
            keras.layers.Dense(3, activation="softmax")])
        if late:
            model.layers[0].kernel_regularizer = keras.regularizers.l2(0.1)
        return model

    encoder = wire.Encoder()
    node = objects.describe_model(network(late=False), encoder, measured=True)
    assert node["probe"]["penalty"] > 0
    assert objects.is_model(objects.rebuild_model(node, wire.Decoder(encoder.blobs)))
    encoder = wire.Encoder()
    node = objects.describe_model(network(late=True), encoder, measured=True)
    assert node["probe"]["penalty"] == 0
    with pytest.raises(objects.Refused, match="never reaches the loss"):
        objects.rebuild_model(node, wire.Decoder(encoder.blobs))
    encoder = wire.Encoder()
    node = objects.describe_model(network(late=False), encoder, measured=True)
    node["probe"]["outputs"] = [encoder.encode(np.full((16, 3), 1 / 3, dtype="float32"))]
    with pytest.raises(objects.Refused, match="predictions differ"):
        objects.rebuild_model(node, wire.Decoder(encoder.blobs))


def test_a_model_without_an_input_crosses_without_weights(keras):
    """No input shape: no weights yet (Keras 2's get_weights raises then, Keras 3's gives [])."""
    model = keras.Sequential([keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")], name="unbuilt")
    node, blobs = model_node(model)
    assert node["weights"] == []
    rebuilt = objects.rebuild_model(node, wire.Decoder(blobs))
    from kata import keras_compat

    assert rebuilt.name == "unbuilt" and keras_compat.input_width(rebuilt) is None


def test_a_lambda_layer_is_refused_before_keras_sees_it(keras):
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Lambda(lambda t: t * 2)])
    node, blobs = model_node(model)
    with pytest.raises(objects.Refused, match="Lambda"):
        objects.rebuild_model(node, wire.Decoder(blobs))


@pytest.mark.parametrize("change, reason", [
    (lambda layer: layer.update(module="os", class_name="Dense"), "module 'os'"),
    (lambda layer: layer.update(class_name="Popen"), "not one of Keras's built-in classes"),
    (lambda layer: layer.update(registered_name="evil>Dense"), "registered custom object"),
    (lambda layer: layer["config"].update(function="print"), "carries a function"),
])
def test_a_doctored_configuration_is_refused(keras, change, reason):
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    node, blobs = model_node(model)
    config = json.loads(node["config"])
    change(config["config"]["layers"][-1])
    node["config"] = json.dumps(config)
    with pytest.raises(objects.Refused, match=reason):
        objects.rebuild_model(node, wire.Decoder(blobs))


def test_weights_that_do_not_fit_are_refused(keras):
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    node, blobs = model_node(model)
    node["weights"] = node["weights"][:1]
    with pytest.raises(objects.Refused, match="do not fit"):
        objects.rebuild_model(node, wire.Decoder(blobs))


def test_a_figure_is_redrawn_with_its_legend_pointing_at_the_right_lines():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure()
    ax = figure.add_subplot()
    ax.plot([1, 2, 3], [3.0, 2.0, 1.0], label="_hidden")
    ax.plot([1, 2, 3], [1.0, 2.0, 3.5], linestyle="--")
    ax.legend(["training", "test"])
    ax.set_title("loss")
    encoder = wire.Encoder()
    node = objects.describe_figure(figure, encoder)
    rebuilt = objects.rebuild_figure(node, wire.Decoder(encoder.blobs))
    (axes,) = rebuilt.axes
    assert axes.get_title() == "loss"
    lines = axes.get_lines()
    legend = axes.get_legend()
    handles = getattr(legend, "legend_handles", None) or legend.legendHandles
    assert [t.get_text() for t in legend.get_texts()] == ["training", "test"]
    assert [h.get_linestyle() for h in handles] == [lines[0].get_linestyle(), lines[1].get_linestyle()]
    assert list(lines[1].get_ydata()) == [1.0, 2.0, 3.5]


def test_a_model_far_larger_than_asked_is_refused_before_keras_builds_it(keras, monkeypatch):
    """784 -> Dense(40000) -> Dense(40000) -> 10 would allocate 6 GB of weights: its size
    is read from its configuration, and Keras never sees it."""
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(40),
                              keras.layers.Dense(40), keras.layers.Dense(10)])
    node, blobs = model_node(model)
    config = json.loads(node["config"])
    for layer in config["config"]["layers"]:
        if layer["config"].get("units") == 40:
            layer["config"]["units"] = 40000
    node.update(config=json.dumps(config), weights=[])

    def build(*args, **kwargs):
        raise AssertionError("Keras was asked to build it")

    monkeypatch.setattr(keras.models, "model_from_json", build)
    with pytest.raises(objects.Refused, match=r"asks for about 3,200,\d{3},\d{3} parameters"):
        objects.rebuild_model(node, wire.Decoder(blobs))


@pytest.mark.parametrize("sizes", [[784, 784, 512, 10], [784, 32, 32, 10], [12, 3]])
def test_the_parameter_estimate_covers_the_exercises_models(keras, sizes):
    from kata.worker import bounds

    model = keras.Sequential([keras.Input(shape=(sizes[0],))]
                             + [keras.layers.Dense(units) for units in sizes[1:-1]]
                             + [keras.layers.BatchNormalization(), keras.layers.Dense(sizes[-1])])
    estimate = bounds.model_parameters(json.loads(model.to_json()))
    assert model.count_params() <= estimate <= 3 * model.count_params() + 1000
    assert estimate < bounds.MAX_MODEL_PARAMETERS

"""Gallery, ex5_5: evaluate returns NumPy float32 values."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_evaluate_returns_plain_floats"],
    "message": "two Python floats",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    import numpy as np

    return np.float32(loss), np.float32(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}

"""Gallery, ex5_5: evaluate computes the pair but returns nothing."""

GALLERY = {
    "verdict": "rejected",
    "tests": [
        "test_evaluate_agrees_with_keras",
        "test_evaluate_returns_plain_floats",
        "test_on_the_trained_ex5_4_model",
    ],
    "message": "a forgotten return",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    result = (float(loss), float(accuracy))


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}

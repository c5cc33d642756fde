"""Gallery, ex5_5: evaluate returns (accuracy, loss)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_evaluate_agrees_with_keras"],
    "message": "wrong order",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(accuracy), float(loss)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}

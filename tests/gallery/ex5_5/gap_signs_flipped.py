"""Gallery, ex5_5: both gaps computed the other way round."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_generalization_gap_uses_the_final_epoch"],
    "message": "both signs flipped",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(final_loss - test_loss),
            "accuracy": float(test_accuracy - final_accuracy)}

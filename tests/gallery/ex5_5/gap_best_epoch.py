"""Gallery, ex5_5: the gap measured from the best epoch (lowest loss, highest accuracy)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_generalization_gap_uses_the_final_epoch"],
    "message": "the best epoch",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    best_loss = min(history.history["loss"])
    best_accuracy = max(history.history["accuracy"])
    return {"loss": float(test_loss - best_loss), "accuracy": float(best_accuracy - test_accuracy)}

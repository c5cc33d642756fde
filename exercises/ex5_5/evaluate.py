"""Exercise 5-5: how well does the model do on images it never saw?

    kata check ex5_5        (in its notebook: run this cell)

The task and the questions are in README.md.
"""


def evaluate(model, images, labels):
    """(loss, accuracy) of the compiled model on the given data, as two Python floats."""
    raise NotImplementedError("model.evaluate gives both; return them as a tuple of float()s")


def generalization_gap(history, test_loss, test_accuracy):
    """How much worse the model does on test data than on its final epoch of training:
    {"loss": test loss - final training loss, "accuracy": final training accuracy - test accuracy}."""
    raise NotImplementedError("read the last epoch's values from history.history")

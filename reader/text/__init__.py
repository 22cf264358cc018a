"""Chinese text core: dictionary, segmentation, pinyin, script conversion, sentences."""

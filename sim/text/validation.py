"""Validation messages: a value that does not fit its parameter (sim.parameters.Param.check)."""

TEXT = {
    "ja": {
        "validation.choice_type": "{choices} のいずれかを指定してください（{type} が指定されています）",
        "validation.not_a_choice": "「{value}」は選択肢 {choices} にありません",
        "validation.not_a_number": "数値（{unit}）を指定してください（{type} が指定されています）",
        "validation.digits_above": "{digits}桁の数は上限 {max}（{unit}）を超えています",
        "validation.digits_below": "{digits}桁の数は下限 {min}（{unit}）を下回っています",
        "validation.not_finite": "有限の数値を指定してください（{value} が指定されています）",
        "validation.not_whole": "整数を指定してください（{value} が指定されています）",
        "validation.below_min": "{value} は下限 {min}（{unit}）を下回っています",
        "validation.above_max": "{value} は上限 {max}（{unit}）を超えています",
    },
    "en": {
        "validation.choice_type": "expected one of {choices}, got {type}",
        "validation.not_a_choice": "'{value}' is not one of {choices}",
        "validation.not_a_number": "expected a number ({unit}), got {type}",
        "validation.digits_above": "a {digits}-digit number is above the maximum {max} ({unit})",
        "validation.digits_below": "a {digits}-digit number is below the minimum {min} ({unit})",
        "validation.not_finite": "must be a finite number, got {value}",
        "validation.not_whole": "must be a whole number, got {value}",
        "validation.below_min": "{value} is below the minimum {min} ({unit})",
        "validation.above_max": "{value} is above the maximum {max} ({unit})",
    },
}
